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
#include <syslog.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <chrono>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/adapters/control/one_request.hpp"
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

struct Answer {
  bool limited = false;
  bool allowed = true;
  std::string message;
};

// The system role's answer for `uid`, or nullopt when it cannot be had (not running, not
// answering within the timeout, an error reply).
std::optional<Answer> ask(const Options& options, uid_t uid) {
  const auto reply = screentime::adapters::one_request(
      options.socket,
      {{"id", 1}, {"cmd", "limits.login"}, {"args", {{"user", std::to_string(uid)}}}},
      std::chrono::seconds{options.timeout_seconds});
  if (!reply || !reply->value("ok", false) || !(*reply)["result"].is_object()) {
    return std::nullopt;
  }
  const auto& result = (*reply)["result"];
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
