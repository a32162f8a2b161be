#include "daemon/adapters/notify/run_as_helper.hpp"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>

#include "daemon/adapters/system/become_user.hpp"

namespace screentime::adapters {
namespace {

// Seconds a parent's command may run.
constexpr unsigned kCommandLifetimeSeconds = 60;

void say(const std::string& text) { std::fprintf(stderr, "request command: %s\n", text.c_str()); }

}  // namespace

std::vector<std::string> run_as_arguments(core::UserId user,
                                          const std::vector<std::string>& command) {
  std::vector<std::string> arguments = {std::to_string(user)};
  arguments.insert(arguments.end(), command.begin(), command.end());
  return arguments;
}

int run_as_helper(const std::vector<std::string>& arguments) {
  uid_t uid = 0;
  const bool parsed =
      arguments.size() >= 2 &&
      std::from_chars(arguments[0].data(), arguments[0].data() + arguments[0].size(), uid).ec ==
          std::errc{} &&
      arguments[1].starts_with("/");
  if (!parsed) {
    say("usage: screentimed --run-as UID /PROGRAM [ARGUMENT...]");
    return 64;
  }
  std::string error;
  if (!become_user(uid, error)) {
    say(error);
    return 1;
  }
  std::vector<std::string> owned(arguments.begin() + 1, arguments.end());
  std::vector<char*> argv;
  for (auto& argument : owned) argv.push_back(argument.data());
  argv.push_back(nullptr);
  char* environment[] = {nullptr};
  alarm(kCommandLifetimeSeconds);  // kept across the exec
  execve(argv[0], argv.data(), environment);
  say("cannot run \"" + owned.front() + "\": " + std::strerror(errno));
  return 1;
}

}  // namespace screentime::adapters
