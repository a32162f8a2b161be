#include "daemon/app/request_args.hpp"

#include "daemon/protocol/iso8601.hpp"
#include "daemon/protocol/wire.hpp"

namespace screentime::app {

core::LocalDate date_arg(const nlohmann::json& args, const char* name, core::LocalDate fallback) {
  const auto text = protocol::string_arg(args, name);
  if (!text) return fallback;
  const auto date = protocol::parse_iso_date(*text);
  if (!date) {
    throw protocol::ProtocolError(
        protocol::ErrorCode::bad_request,
        std::string("args.") + name + ": expected a date such as \"2026-11-24\"");
  }
  return *date;
}

}  // namespace screentime::app
