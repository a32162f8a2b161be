#pragma once
// DaemonProcess: runs the real screentimed as a child with its stderr on a pipe, so a test
// can wait for what it logs (events, not sleeps) and send it signals.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace screentime::testing {

// This process's environment, to start the daemon with a few changes to it.
std::map<std::string, std::string> current_environment();

class DaemonProcess {
 public:
  // `environment` replaces the inherited one when given.
  // With `journal_stream`, JOURNAL_STREAM names the log pipe, as journald does for services.
  DaemonProcess(const std::vector<std::string>& arguments,
                std::optional<std::map<std::string, std::string>> environment = std::nullopt,
                bool journal_stream = false);
  ~DaemonProcess();
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  // Reads the log until a line contains `text`; false if the timeout or end of output comes
  // first.
  bool wait_for_log(const std::string& text,
                    std::chrono::milliseconds timeout = std::chrono::seconds{10});
  void signal(int number);
  // Waits for exit; the exit status, or 128 + signal, or -1 on timeout.
  int wait_exit(std::chrono::milliseconds timeout = std::chrono::seconds{10});
  // Everything logged so far (drains what is readable).
  const std::string& log();
  pid_t pid() const { return pid_; }

 private:
  bool read_some(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int stderr_fd_ = -1;
  std::string log_;
  std::size_t searched_ = 0;
};

}  // namespace screentime::testing
