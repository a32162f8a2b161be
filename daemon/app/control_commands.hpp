#pragma once
// ControlCommands: the daemon's side of the protocol. Each request line is validated,
// authorized against the peer's uid, then carried out (docs/protocol.md); every exception
// becomes an error reply in one place. Loop thread only.

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace screentime::app {

class Manager;

struct RequestOutcome {
  std::string reply;            // one line, no newline
  bool subscribe = false;       // the client asked for the event stream
  nlohmann::json subscription;  // the id to tag its events with
};

class ControlCommands {
 public:
  explicit ControlCommands(Manager& daemon) : daemon_(daemon) {}

  RequestOutcome handle(uid_t peer_uid, std::string_view line);
  // The state event pushed to subscribers (also the subscribe reply's result).
  nlohmann::json state_event() const;

 private:
  nlohmann::json run(std::string_view command, const nlohmann::json& args);
  nlohmann::json status() const;
  nlohmann::json usage(const nlohmann::json& args) const;
  nlohmann::json config_get() const;
  nlohmann::json config_check(const nlohmann::json& args) const;
  nlohmann::json reload();
  nlohmann::json forget(const nlohmann::json& args);

  Manager& daemon_;
};

}  // namespace screentime::app
