#include "daemon/adapters/desktop/desktop_bus.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <system_error>
#include <utility>

#include "daemon/adapters/dbus/sd_bus_calls.hpp"

namespace screentime::adapters {

void send_without_reply(SdBusConnection& bus, sd_bus_message& call) {
  int result = sd_bus_message_set_expect_reply(&call, 0);
  if (result >= 0) result = sd_bus_send(bus.get(), &call, nullptr);
  if (result < 0) throw std::system_error(-result, std::generic_category(), "sd_bus_send");
  bus.kick();  // it may not be fully written yet
}

void deliver(const char* source, const char* what, const std::function<void()>& call) noexcept {
  try {
    call();
  } catch (const std::exception& error) {
    spdlog::error("{}: handling {} failed: {}", source, what, error.what());
  } catch (...) {
    spdlog::error("{}: handling {} failed with an unknown exception", source, what);
  }
}

std::vector<IdleThreshold> merge_thresholds(const std::vector<IdleThreshold>& old,
                                            std::span<const core::Duration> wanted) {
  std::vector<IdleThreshold> result;
  for (const auto length : wanted) {
    if (length <= core::Duration::zero()) continue;
    if (std::any_of(result.begin(), result.end(), [&](auto& t) { return t.length == length; })) {
      continue;
    }
    const auto kept =
        std::find_if(old.begin(), old.end(), [&](auto& t) { return t.length == length; });
    result.push_back({length, kept != old.end() && kept->reported});
  }
  std::sort(result.begin(), result.end(), [](auto& a, auto& b) { return a.length < b.length; });
  return result;
}

}  // namespace screentime::adapters
