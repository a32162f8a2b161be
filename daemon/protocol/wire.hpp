#pragma once
// The control socket's wire format (docs/protocol.md): newline-delimited JSON requests and
// replies, the greeting and the error codes (exceptions become codes in one place, the
// daemon's ControlCommands). Pure: no I/O. Linked by the daemon and by screentimectl.

#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace screentime::protocol {

inline constexpr int kProtocolVersion = 1;

enum class ErrorCode {
  parse_error,
  bad_request,
  unknown_command,
  permission_denied,
  line_too_long,
  too_many_clients,
  unavailable,
  refused,  // valid, but not now: no reminder to answer, the snooze limit
  internal,
};

inline constexpr std::array<ErrorCode, 9> kAllErrorCodes = {
    ErrorCode::parse_error,       ErrorCode::bad_request,   ErrorCode::unknown_command,
    ErrorCode::permission_denied, ErrorCode::line_too_long, ErrorCode::too_many_clients,
    ErrorCode::unavailable,       ErrorCode::refused,       ErrorCode::internal};

std::string_view to_string(ErrorCode code);

// Thrown by request handling; becomes an error reply with this code.
class ProtocolError : public std::runtime_error {
 public:
  ProtocolError(ErrorCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

struct Request {
  nlohmann::json id;    // echoed back; null when the client sent none
  std::string command;  // "cmd"
  nlohmann::json args;  // always an object
};

// Throws ProtocolError (parse_error, bad_request) saying what is wrong.
Request parse_request(std::string_view line);

std::string greeting(std::string_view version);
std::string ok_reply(const nlohmann::json& id, nlohmann::json result);
std::string error_reply(const nlohmann::json& id, ErrorCode code, std::string_view message);
// A pushed event for subscription `id`: {"id":…,"event":name, …fields}.
std::string event_line(const nlohmann::json& id, std::string_view name, nlohmann::json fields);

}  // namespace screentime::protocol
