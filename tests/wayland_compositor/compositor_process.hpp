#pragma once
// CompositorProcess: screentime_test_compositor run by a test: started and waited for (its
// "ready" line), sent commands on its stdin, stopped or killed. The test's thread only.

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace screentime::testing {

class CompositorProcess {
 public:
  // Starts `program` with `arguments` (in this process's environment, so its
  // XDG_RUNTIME_DIR) and waits at most `timeout` for its ready line. Throws
  // std::runtime_error when it fails or exits first.
  CompositorProcess(const std::string& program, const std::vector<std::string>& arguments,
                    std::chrono::milliseconds timeout = std::chrono::seconds{10});
  // Stops it with "quit" (SIGKILL if it does not exit within 5 s).
  ~CompositorProcess();
  CompositorProcess(const CompositorProcess&) = delete;
  CompositorProcess& operator=(const CompositorProcess&) = delete;

  // The socket name it listens on, in $XDG_RUNTIME_DIR.
  const std::string& socket() const { return socket_; }
  // Sends one command: "input", "idle", "quit". False when the compositor is gone.
  bool send(std::string_view command);
  // SIGKILL, as a crash would be, and reaped: the socket file stays behind.
  void kill();

 private:
  void close_pipes();

  pid_t pid_ = -1;
  int commands_ = -1;  // its stdin: a socket, so that writing to a dead one is no SIGPIPE
  int output_ = -1;    // its stdout
  std::string socket_;
};

}  // namespace screentime::testing
