#include "daemon/adapters/activity/logind_sleep_inhibitor.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "daemon/adapters/activity/logind_bus_names.hpp"
#include "daemon/adapters/dbus/sd_bus_calls.hpp"

namespace screentime::adapters {

void LogindSleepInhibitor::take(SdBusConnection& bus) {
  if (held() || pending_) return;
  try {
    auto call = new_method_call(bus, logind::kService, logind::kManagerPath,
                                logind::kManagerInterface, "Inhibit");
    const int result = sd_bus_message_append(call.get(), "ssss", "sleep", "screentime",
                                             "record the running interval before sleep", "delay");
    if (result < 0) throw std::system_error(-result, std::generic_category(), "Inhibit arguments");
    pending_ =
        call_async(bus, *call, [this, &bus](sd_bus_message& reply) { on_reply(bus, reply); });
  } catch (const std::system_error& error) {
    spdlog::warn(
        "logind: cannot ask for a sleep delay lock ({}); suspend will not wait for "
        "screentime to record",
        error.what());
  }
}

void LogindSleepInhibitor::release() {
  pending_.reset();
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
    spdlog::debug("logind: sleep delay lock released");
  }
}

void LogindSleepInhibitor::on_reply(SdBusConnection& bus, sd_bus_message& reply) {
  // sd-bus keeps the slot (and this handler) alive until the callback returns.
  const SdBusSlotPtr done = std::move(pending_);
  if (sd_bus_message_is_method_error(&reply, nullptr)) {
    if (!bus.is_open()) return;  // the lost connection is reported (once) elsewhere
    spdlog::warn(
        "logind: refused a sleep delay lock ({}); suspend will not wait for screentime "
        "to record",
        describe_error(sd_bus_message_get_error(&reply)));
    return;
  }
  int fd = -1;
  read_basic(reply, 'h', &fd);
  // The message owns the fd it carries; keep a copy of our own (close-on-exec, so that no
  // child process holds the lock for us).
  const int copy = fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (copy < 0) {
    spdlog::warn(
        "logind: cannot keep the sleep delay lock ({}); suspend will not wait for "
        "screentime to record",
        std::error_code(errno, std::generic_category()).message());
    return;
  }
  fd_ = copy;
  spdlog::debug("logind: holding a sleep delay lock");
}

}  // namespace screentime::adapters
