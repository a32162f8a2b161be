#include "daemon/replay/json_fields.hpp"

#include <stdexcept>

#include "daemon/protocol/duration_text.hpp"

namespace screentime::replay {

[[noreturn]] void fail(const std::string& message) { throw std::invalid_argument(message); }

std::string text(const nlohmann::json& object, const char* key) {
  const auto& value = object.at(key);
  if (!value.is_string()) fail(std::string("\"") + key + "\" must be a string");
  return value.get<std::string>();
}

protocol::OffsetDateTime moment(const nlohmann::json& object, const char* key) {
  const auto parsed = protocol::parse_iso8601(text(object, key));
  if (!parsed) {
    fail(std::string("\"") + key + "\" must be an ISO 8601 date-time with a UTC offset");
  }
  return *parsed;
}

core::Duration duration(const nlohmann::json& object, const char* key) {
  const auto parsed = protocol::parse_duration(text(object, key));
  if (!parsed) fail(std::string("\"") + key + "\" must be a duration such as \"1h30m\"");
  return *parsed;
}

bool flag(const nlohmann::json& object, const char* key) {
  const auto& value = object.at(key);
  if (value.is_boolean()) return value.get<bool>();
  if (value == "yes" || value == "on") return true;
  if (value == "no" || value == "off") return false;
  fail(std::string("\"") + key + "\" must be true or false (or \"yes\", \"no\", \"on\", \"off\")");
}

}  // namespace screentime::replay
