#include "daemon/adapters/desktop/screen_saver_watch.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

#include "daemon/adapters/dbus/sd_bus_calls.hpp"
#include "daemon/adapters/desktop/desktop_bus.hpp"

namespace screentime::adapters {

ScreenSaverWatch::ScreenSaverWatch(SdBusConnection& bus, Service service,
                                   std::function<void(bool)> on_change)
    : bus_(bus), service_(std::move(service)), on_change_(std::move(on_change)) {
  const std::string rule = "type='signal',sender='" + service_.name + "',path='" + service_.path +
                           "',interface='" + service_.interface + "',member='ActiveChanged'";
  matches_.push_back(add_match(bus_, rule, [this](sd_bus_message& signal) {
    int active = 0;
    read_basic(signal, 'b', &active);
    set(active != 0);
  }));
  matches_.push_back(watch_name_owner(bus_, service_.name, [this](bool present) {
    if (present) return ask();
    asking_.reset();
    set(false);  // whatever it showed went with it
  }));
  ask();
}

void ScreenSaverWatch::ask() {
  try {
    auto call = new_method_call(bus_, service_.name.c_str(), service_.path.c_str(),
                                service_.interface.c_str(), "GetActive");
    sd_bus_message_set_auto_start(call.get(), 0);  // only a screen saver that already runs
    asking_ = call_async(bus_, *call, [this](sd_bus_message& reply) { on_answer(reply); });
  } catch (const std::exception& error) {
    spdlog::warn("{}: cannot ask GetActive: {}, ignoring", service_.name, error.what());
  }
}

void ScreenSaverWatch::on_answer(sd_bus_message& reply) {
  const SdBusSlotPtr done = std::move(asking_);  // sd-bus holds it until we return
  if (sd_bus_message_is_method_error(&reply, nullptr)) {
    // Usually: no such service here. ActiveChanged still counts if one appears.
    spdlog::debug("{}: GetActive: {}", service_.name,
                  describe_error(sd_bus_message_get_error(&reply)));
    return;
  }
  int active = 0;
  read_basic(reply, 'b', &active);
  set(active != 0);
}

void ScreenSaverWatch::set(bool active) {
  if (active == active_) return;  // some services signal on two paths, or repeat themselves
  active_ = active;
  spdlog::debug("{}: screen saver {}", service_.name, active ? "active" : "inactive");
  deliver(service_.name.c_str(), "ActiveChanged", [this, active] { on_change_(active); });
}

}  // namespace screentime::adapters
