#pragma once
// ReadSource: where the usage views get their figures, as replies to the protocol's read
// commands: screentimed over its socket, or the history file itself while it is stopped.

#include <nlohmann/json.hpp>
#include <string>

namespace screentime::client {

class ReadSource {
 public:
  virtual ~ReadSource() = default;

  // One request's result, as the daemon would give it; RequestFailed on an error reply.
  virtual nlohmann::json request(const std::string& command,
                                 nlohmann::json args = nlohmann::json::object()) = 0;
  // What the figures came from, as the views' JSON names it: "daemon" or "history-file".
  virtual const char* source_name() const = 0;
};

}  // namespace screentime::client
