#include "daemon/adapters/activity/service_inhibitors.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

#include "daemon/adapters/dbus/name_owner.hpp"
#include "daemon/adapters/dbus/sd_bus_calls.hpp"

namespace screentime::adapters {

ServiceInhibitors::ServiceInhibitors(SharedBus& bus, Service service,
                                     IdleInhibitorsChanged on_change)
    : service_(service), shared_(bus), on_change_(std::move(on_change)) {}

bool ServiceInhibitors::start() {
  if (!attach()) return false;
  if (present_) {
    spdlog::debug("{}: following idle inhibitors", service_.log);
    return true;
  }
  spdlog::debug("{}: {} is not on the {}; not following its idle inhibitors", service_.log,
                service_.name, service_.bus);
  drop_bus();
  return false;
}

bool ServiceInhibitors::attach() {
  drop_bus();
  try {
    bus_ = &shared_.connect();
    loss_ = shared_.on_lost([this](std::string_view why) { on_bus_lost(why); });
    matches_.push_back(
        watch_name_owner(*bus_, service_.name, [this](bool present) { on_owner(present); }));
    subscribe();
    // After the subscriptions: an inhibitor added meanwhile is seen either way.
    if (name_has_owner(*bus_, service_.name)) {
      present_ = true;
      read();
    }
    return true;
  } catch (const std::exception& error) {
    spdlog::debug("{}: {}; not following its idle inhibitors", service_.log, error.what());
  }
  drop_bus();
  return false;
}

void ServiceInhibitors::add_match(const std::string& rule,
                                  std::function<void(sd_bus_message&)> on_signal) {
  matches_.push_back(adapters::add_match(*bus_, rule, std::move(on_signal)));
}

void ServiceInhibitors::drop_bus() {
  forget();
  matches_.clear();
  loss_.reset();
  bus_ = nullptr;
  present_ = false;
}

void ServiceInhibitors::on_bus_lost(std::string_view why) {
  drop_bus();
  // The system bus comes back through logind's session source, which reconnects; nothing
  // reconnects the session bus.
  spdlog::warn(
      "{}: {}; not following its idle inhibitors until the daemon connects to the {} again",
      service_.log, why, service_.bus);
  report({});
  reconnected_ = shared_.on_connected([this] { follow_again(); });
}

void ServiceInhibitors::follow_again() {
  if (!attach()) return;  // lost again already: the next connection tells
  reconnected_.reset();
  spdlog::debug("{}: following idle inhibitors again{}", service_.log,
                present_ ? "" : ", once the service is back");
}

void ServiceInhibitors::on_owner(bool present) {
  if (!present) {
    if (!present_) return;
    spdlog::debug("{} left the {}; its idle inhibitors are not known until it returns",
                  service_.log, service_.bus);
    present_ = false;
    forget();
    return report({});
  }
  spdlog::debug("{} is on the {}; reading its idle inhibitors", service_.log, service_.bus);
  present_ = true;
  read();
}

bool ServiceInhibitors::failed(sd_bus_message& reply, std::string& why) const {
  if (!sd_bus_message_is_method_error(&reply, nullptr)) return false;
  why = bus_ != nullptr && bus_->is_open() ? describe_error(sd_bus_message_get_error(&reply)) : "";
  return true;
}

void ServiceInhibitors::report(std::vector<IdleInhibitor> inhibitors) {
  if (inhibitors == reported_) return;
  reported_ = std::move(inhibitors);
  spdlog::debug("{}: idle inhibitors: {}", service_.log, describe_idle_inhibitors(reported_));
  if (!on_change_) return;
  // The edge of a bus callback: nothing may unwind into sd-bus.
  try {
    on_change_(reported_);
  } catch (const std::exception& error) {
    spdlog::error("{}: handling a change of idle inhibitors failed: {}", service_.log,
                  error.what());
  }
}

}  // namespace screentime::adapters
