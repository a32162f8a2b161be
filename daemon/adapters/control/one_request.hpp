#pragma once
// One request on a control socket, for short-lived callers that may block (the PAM module,
// the notification helper): connect, read the greeting, send one line, read its reply, each
// step bounded by `timeout`. Not for the daemon's loop.

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace screentime::adapters {

// The reply to `request` (a JSON object: cmd, args), or nullopt when the socket cannot be
// reached, does not answer in time, or answers with something that is not a JSON object.
std::optional<nlohmann::json> one_request(const std::string& socket, const nlohmann::json& request,
                                          std::chrono::seconds timeout);

}  // namespace screentime::adapters
