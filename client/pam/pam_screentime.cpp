// pam_screentime: the account stage for users a parent limits. It asks the system role
// (screentimed --system, over its socket) whether the user may log in now, and refuses a
// limited user outside the allowed hours or with no time left, with the reason for the login
// screen; everyone else passes. When the daemon does not answer, it refuses only the users it
// last listed as limited (`limited-users` in its state folder): closed for them, open for the
// rest. Options: socket=PATH (default /run/screentime/system.sock), state_dir=DIR (default
// /var/lib/screentime), timeout=SECONDS (default 3, at most 30).
//
// Written for a PAM stack (C callers, several threads possible): no exceptions leave it, no
// global state, every descriptor closed on every path.

#include <pwd.h>
#include <security/pam_ext.h>
#include <security/pam_modules.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/protocol/socket_path.hpp"

namespace {

struct Options {
  std::string socket = screentime::protocol::kSystemSocket;
  std::string state_dir = "/var/lib/screentime";
  int timeout_seconds = 3;
};

Options read_options(int argc, const char** argv) {
  Options options;
  for (int i = 0; i < argc; ++i) {
    const std::string_view option = argv[i];
    if (option.starts_with("socket=")) options.socket = option.substr(7);
    if (option.starts_with("state_dir=")) options.state_dir = option.substr(10);
    if (option.starts_with("timeout=")) {
      int seconds = 0;
      const auto value = option.substr(8);
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
      if (error == std::errc{} && end == value.data() + value.size() && seconds > 0 &&
          seconds <= 30) {
        options.timeout_seconds = seconds;
      }
    }
  }
  return options;
}

class Socket {
 public:
  Socket() : fd_(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// One line from `fd`, with the socket's receive timeout bounding each read.
std::optional<std::string> read_line(int fd, std::string& buffer) {
  for (;;) {
    const auto end = buffer.find('\n');
    if (end != std::string::npos) {
      std::string line = buffer.substr(0, end);
      buffer.erase(0, end + 1);
      return line;
    }
    if (buffer.size() > 64 * 1024) return std::nullopt;
    std::array<char, 4096> chunk{};
    const ssize_t got = recv(fd, chunk.data(), chunk.size(), 0);
    if (got <= 0) return std::nullopt;
    buffer.append(chunk.data(), static_cast<std::size_t>(got));
  }
}

struct Answer {
  bool limited = false;
  bool allowed = true;
  std::string message;
};

// The system role's answer for `uid`, or nullopt when it cannot be had (not running, not
// answering within the timeout, an error reply).
std::optional<Answer> ask(const Options& options, uid_t uid) {
  Socket socket;
  if (socket.get() < 0) return std::nullopt;
  timeval timeout{options.timeout_seconds, 0};
  setsockopt(socket.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(socket.get(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (options.socket.size() >= sizeof address.sun_path) return std::nullopt;
  std::memcpy(address.sun_path, options.socket.c_str(), options.socket.size() + 1);
  if (connect(socket.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    return std::nullopt;
  }
  std::string buffer;
  if (!read_line(socket.get(), buffer)) return std::nullopt;  // the greeting
  const std::string request =
      nlohmann::json{{"id", 1}, {"cmd", "limits.login"}, {"args", {{"user", std::to_string(uid)}}}}
          .dump() +
      "\n";
  if (send(socket.get(), request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    return std::nullopt;
  }
  const auto line = read_line(socket.get(), buffer);
  if (!line) return std::nullopt;
  const auto reply = nlohmann::json::parse(*line, nullptr, false);
  if (!reply.is_object() || !reply.value("ok", false) || !reply["result"].is_object()) {
    return std::nullopt;
  }
  const auto& result = reply["result"];
  Answer answer;
  answer.limited = result.value("limited", false);
  answer.allowed = result.value("allowed", true);
  answer.message = result.value("message", std::string());
  return answer;
}

// Whether the daemon last listed `uid` as limited; false when the list cannot be read.
bool listed_as_limited(const Options& options, uid_t uid) {
  std::ifstream list(options.state_dir + "/limited-users");
  std::string line;
  const std::string wanted = std::to_string(uid);
  while (std::getline(list, line)) {
    if (line == wanted) return true;
  }
  return false;
}

std::optional<uid_t> uid_of(const char* name) {
  passwd entry{};
  passwd* found = nullptr;
  std::array<char, 16384> buffer{};
  if (getpwnam_r(name, &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr) {
    return std::nullopt;
  }
  return found->pw_uid;
}

int check(pam_handle_t* handle, int flags, int argc, const char** argv) {
  const Options options = read_options(argc, argv);
  const char* name = nullptr;
  if (pam_get_user(handle, &name, nullptr) != PAM_SUCCESS || name == nullptr) {
    return PAM_USER_UNKNOWN;
  }
  const auto uid = uid_of(name);
  if (!uid) return PAM_IGNORE;  // not ours to judge: another module knows no such user
  const bool quiet = (flags & PAM_SILENT) != 0;
  if (const auto answer = ask(options, *uid)) {
    if (!answer->limited) return PAM_SUCCESS;
    if (answer->allowed) {
      if (!quiet && !answer->message.empty()) pam_info(handle, "%s", answer->message.c_str());
      return PAM_SUCCESS;
    }
    pam_syslog(handle, LOG_NOTICE, "refused %s: %s", name, answer->message.c_str());
    if (!quiet) pam_error(handle, "%s", answer->message.c_str());
    return PAM_PERM_DENIED;
  }
  if (!listed_as_limited(options, *uid)) return PAM_SUCCESS;
  pam_syslog(handle, LOG_WARNING, "refused %s: the screen time service does not answer on %s", name,
             options.socket.c_str());
  if (!quiet) {
    pam_error(handle, "%s",
              "Screen time cannot be checked now: the screen time service is not running.");
  }
  return PAM_PERM_DENIED;
}

}  // namespace

extern "C" {

// The one symbol the module shows (everything else is hidden by the build).
__attribute__((visibility("default"))) PAM_EXTERN int pam_sm_acct_mgmt(pam_handle_t* handle,
                                                                       int flags, int argc,
                                                                       const char** argv) {
  try {
    return check(handle, flags, argc, argv);
  } catch (...) {
    pam_syslog(handle, LOG_ERR, "unexpected failure; refusing");
    return PAM_SERVICE_ERR;
  }
}

}  // extern "C"
