#include "daemon/adapters/notify/desktop_notice_helper.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <systemd/sd-bus.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>

#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {
namespace {

// Whole seconds the helper may live; the bus call itself gives up sooner.
constexpr unsigned kLifetimeSeconds = 10;
constexpr std::uint64_t kCallTimeoutMicroseconds = 5'000'000;
// The group of a uid that has no account (a user known to logind only): "nogroup".
constexpr gid_t kNoGroup = 65534;

void say(const std::string& text) { std::fprintf(stderr, "desktop notice: %s\n", text.c_str()); }

std::string errno_text() { return std::strerror(errno); }

// Groups, then group, then user: once the uid is dropped, nothing else could be.
bool become(uid_t uid) {
  passwd entry{};
  passwd* found = nullptr;
  std::array<char, 4096> buffer{};
  getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found);
  const gid_t gid = found != nullptr ? found->pw_gid : kNoGroup;
  const int groups = found != nullptr ? initgroups(found->pw_name, gid) : setgroups(0, nullptr);
  if (groups != 0 || setresgid(gid, gid, gid) != 0 || setresuid(uid, uid, uid) != 0) {
    say("cannot become uid " + std::to_string(uid) + ": " + errno_text());
    return false;
  }
  uid_t real = 0;
  uid_t effective = 0;
  uid_t saved = 0;
  getresuid(&real, &effective, &saved);
  if (real != uid || effective != uid || saved != uid || (uid != 0 && setuid(0) == 0)) {
    say("uid " + std::to_string(uid) + " was not taken for good");
    return false;
  }
  prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  return true;
}

struct BusClose {
  void operator()(sd_bus* bus) const noexcept { sd_bus_flush_close_unref(bus); }
};

int append_hint(sd_bus_message* message, const char* key, const char* type, const void* value) {
  int result = sd_bus_message_open_container(message, 'e', "sv");
  if (result >= 0) result = sd_bus_message_append_basic(message, 's', key);
  if (result >= 0) result = sd_bus_message_open_container(message, 'v', type);
  if (result >= 0) result = sd_bus_message_append_basic(message, type[0], value);
  if (result >= 0) result = sd_bus_message_close_container(message);
  if (result >= 0) result = sd_bus_message_close_container(message);
  return result;
}

int append_notification(sd_bus_message* message, std::uint8_t urgency, const std::string& category,
                        const std::string& summary, const std::string& body) {
  int result = sd_bus_message_append(message, "susss", "screentime", 0U, "screentime",
                                     summary.c_str(), body.c_str());
  if (result >= 0) result = sd_bus_message_append(message, "as", 0);
  if (result >= 0) result = sd_bus_message_open_container(message, 'a', "{sv}");
  if (result >= 0) result = append_hint(message, "urgency", "y", &urgency);
  // One limit notice at a time on the screen: servers that know these tags replace the last.
  const char* stack = "screentime-limit";
  if (result >= 0) result = append_hint(message, "x-canonical-private-synchronous", "s", stack);
  if (result >= 0) result = append_hint(message, "x-dunst-stack-tag", "s", stack);
  if (result >= 0 && !category.empty()) {
    result = append_hint(message, "category", "s", category.c_str());
  }
  if (result >= 0) result = sd_bus_message_close_container(message);
  if (result >= 0) result = sd_bus_message_append(message, "i", -1);
  return result;
}

bool notify(const std::string& address, std::uint8_t urgency, const std::string& category,
            const std::string& summary, const std::string& body) {
  sd_bus* raw = nullptr;
  int result = sd_bus_new(&raw);
  std::unique_ptr<sd_bus, BusClose> bus(raw);
  if (result >= 0) result = sd_bus_set_address(raw, address.c_str());
  if (result >= 0) result = sd_bus_set_bus_client(raw, 1);
  if (result >= 0) result = sd_bus_set_method_call_timeout(raw, kCallTimeoutMicroseconds);
  if (result >= 0) result = sd_bus_start(raw);
  if (result < 0) {
    say("cannot reach the session bus \"" + address + "\": " + describe_error(nullptr, result));
    return false;
  }
  sd_bus_message* call_raw = nullptr;
  result = sd_bus_message_new_method_call(raw, &call_raw, "org.freedesktop.Notifications",
                                          "/org/freedesktop/Notifications",
                                          "org.freedesktop.Notifications", "Notify");
  SdBusMessagePtr call(call_raw);
  if (result >= 0) result = append_notification(call_raw, urgency, category, summary, body);
  SdBusError error;
  sd_bus_message* reply_raw = nullptr;
  if (result >= 0) result = sd_bus_call(raw, call_raw, 0, error.get(), &reply_raw);
  SdBusMessagePtr reply(reply_raw);
  if (result < 0) {
    say("the notification server did not take it: " + describe_error(error.get(), result));
    return false;
  }
  return true;
}

template <typename Number>
bool parse(const std::string& text, Number& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size();
}

}  // namespace

std::vector<std::string> desktop_notice_arguments(core::UserId user, const std::string& bus,
                                                  const core::Notification& notification) {
  return {std::to_string(user),
          bus,
          std::to_string(static_cast<unsigned>(notification.urgency)),
          notification.category,
          notification.summary,
          notification.body};
}

int run_desktop_notice_helper(const std::vector<std::string>& arguments) {
  alarm(kLifetimeSeconds);
  uid_t uid = 0;
  unsigned urgency = 0;
  if (arguments.size() != 6 || !parse(arguments[0], uid) || !parse(arguments[2], urgency) ||
      urgency > 2 || arguments[1].empty()) {
    say("usage: screentimed --desktop-notice UID BUS-ADDRESS URGENCY CATEGORY SUMMARY BODY");
    return 64;
  }
  if (!become(uid)) return 1;
  return notify(arguments[1], static_cast<std::uint8_t>(urgency), arguments[3], arguments[4],
                arguments[5])
             ? 0
             : 1;
}

}  // namespace screentime::adapters
