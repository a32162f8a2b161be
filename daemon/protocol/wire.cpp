#include "daemon/protocol/wire.hpp"

namespace screentime::protocol {

using nlohmann::json;

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::parse_error:
      return "parse_error";
    case ErrorCode::bad_request:
      return "bad_request";
    case ErrorCode::unknown_command:
      return "unknown_command";
    case ErrorCode::permission_denied:
      return "permission_denied";
    case ErrorCode::line_too_long:
      return "line_too_long";
    case ErrorCode::too_many_clients:
      return "too_many_clients";
    case ErrorCode::unavailable:
      return "unavailable";
    case ErrorCode::refused:
      return "refused";
    case ErrorCode::internal:
      return "internal";
  }
  return "internal";
}

Request parse_request(std::string_view line) {
  json message = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded() || !message.is_object()) {
    throw ProtocolError(ErrorCode::parse_error, "expected one JSON object per line");
  }
  Request request;
  if (auto id = message.find("id"); id != message.end()) {
    if (!id->is_number() && !id->is_string() && !id->is_null()) {
      throw ProtocolError(ErrorCode::bad_request, "id: expected a number or a string");
    }
    request.id = *id;
  }
  const auto command = message.find("cmd");
  if (command == message.end() || !command->is_string()) {
    throw ProtocolError(ErrorCode::bad_request, "cmd: expected the command's name, a string");
  }
  request.command = command->get<std::string>();
  request.args = json::object();
  if (auto args = message.find("args"); args != message.end() && !args->is_null()) {
    if (!args->is_object()) throw ProtocolError(ErrorCode::bad_request, "args: expected an object");
    request.args = std::move(*args);
  }
  return request;
}

std::string greeting(std::string_view version) {
  return json{{"screentime", version}, {"protocol", kProtocolVersion}}.dump();
}

std::string ok_reply(const json& id, json result) {
  return json{{"id", id}, {"ok", true}, {"result", std::move(result)}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
}

std::string error_reply(const json& id, ErrorCode code, std::string_view message) {
  return json{
      {"id", id}, {"ok", false}, {"error", {{"code", to_string(code)}, {"message", message}}}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string event_line(const json& id, std::string_view name, json fields) {
  json event = {{"id", id}, {"event", name}};
  event.update(fields);
  return event.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace screentime::protocol
