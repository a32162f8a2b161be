#pragma once
// Reading the fields of a timeline line's JSON object: each throws std::invalid_argument
// naming the field and what it must be.

#include <nlohmann/json.hpp>
#include <string>

#include "daemon/core/time.hpp"
#include "daemon/protocol/iso8601.hpp"

namespace screentime::replay {

[[noreturn]] void fail(const std::string& message);
std::string text(const nlohmann::json& object, const char* key);
protocol::OffsetDateTime moment(const nlohmann::json& object, const char* key);
core::Duration duration(const nlohmann::json& object, const char* key);
// true/false, or "yes"/"on" and "no"/"off".
bool flag(const nlohmann::json& object, const char* key);

}  // namespace screentime::replay
