#pragma once
// Exceptions ControlServer::start() throws. Each message names the file or folder concerned and
// what is wrong with it.

#include <filesystem>
#include <stdexcept>
#include <string>

namespace screentime::adapters {

// The control socket could not be set up (folder, lock, bind, listen).
class ControlSocketError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Another screentimed already serves this socket: this one must not start.
class AlreadyRunningError : public ControlSocketError {
 public:
  explicit AlreadyRunningError(const std::filesystem::path& socket_path)
      : ControlSocketError("another screentimed is already running (control socket \"" +
                           socket_path.string() + "\")") {}
};

}  // namespace screentime::adapters
