#pragma once
// DaemonConnection: one blocking connection to screentimed's control socket, for a command
// line tool that asks a few questions and exits.

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "client/read_source.hpp"

namespace screentime::client {

// The daemon is not there to ask: screentimectl exits 3 with a hint.
class DaemonNotRunning : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The daemon answered with an error reply, or not at all.
class RequestFailed : public std::runtime_error {
 public:
  RequestFailed(std::string code, const std::string& message)
      : std::runtime_error(message), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

class DaemonConnection final : public ReadSource {
 public:
  explicit DaemonConnection(const std::filesystem::path& socket);
  ~DaemonConnection() override;
  DaemonConnection(const DaemonConnection&) = delete;
  DaemonConnection& operator=(const DaemonConnection&) = delete;

  // Sends one request and returns its result; throws RequestFailed on an error reply.
  nlohmann::json request(const std::string& command,
                         nlohmann::json args = nlohmann::json::object()) override;
  const char* source_name() const override { return "daemon"; }
  // Sends a request and returns without waiting (then read lines with next_message).
  void send(const std::string& command, nlohmann::json args = nlohmann::json::object());
  // The next message; nullopt when the daemon closed the connection.
  std::optional<nlohmann::json> next_message(
      std::optional<std::chrono::milliseconds> timeout = std::chrono::seconds{10});

  // Whether something came to read (a message, or the end) within `timeout`.
  bool wait_readable(std::chrono::milliseconds timeout);

  const std::string& daemon_version() const { return daemon_version_; }

 private:
  std::optional<std::string> read_line(std::optional<std::chrono::milliseconds> timeout);
  // Whether the socket has something to read (or its end) within `timeout` (none: no limit).
  bool poll_readable(std::optional<std::chrono::milliseconds> timeout) const;

  int fd_ = -1;
  std::string buffer_;
  int next_id_ = 1;
  std::string daemon_version_;
};

}  // namespace screentime::client
