#include "daemon/adapters/activity/logind_idle_inhibitors.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <functional>
#include <ranges>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <utility>

#include "daemon/adapters/activity/logind_bus_names.hpp"
#include "daemon/adapters/dbus/sd_bus_calls.hpp"

namespace screentime::adapters {
namespace {

constexpr const char* kBlockInhibited = "BlockInhibited";

int check(int result, const char* what) {
  if (result < 0) throw std::system_error(-result, std::generic_category(), what);
  return result;
}

const char* read_string(sd_bus_message& message) {
  const char* value = nullptr;
  read_basic(message, 's', &value);
  return value;
}

// Whether the colon-separated list of inhibitor types `what` (logind's "sleep:idle") has "idle".
bool has_idle(std::string_view what) {
  for (const auto part : std::views::split(what, ':')) {
    if (std::string_view(part.begin(), part.end()) == "idle") return true;
  }
  return false;
}

bool logind_running(SdBusConnection& bus) {
  SdBusError error;
  sd_bus_message* reply = nullptr;
  const int result = sd_bus_call_method(bus.get(), "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                        "org.freedesktop.DBus", "NameHasOwner", error.get(), &reply,
                                        "s", logind::kService);
  const SdBusMessagePtr owned(reply);
  bus.kick();  // a synchronous call: signals may have been queued meanwhile
  if (result < 0) {
    throw std::runtime_error("asking the system bus for logind failed: " +
                             describe_error(error.get(), result));
  }
  int running = 0;
  read_basic(*reply, 'b', &running);
  return running != 0;
}

// What a PropertiesChanged body (after the interface name) says of BlockInhibited: its new
// value, or only that it changed (invalidated), or nothing.
struct BlockInhibitedChange {
  bool changed = false;
  bool invalidated = false;
  std::string value;
};

BlockInhibitedChange read_block_inhibited_change(sd_bus_message& signal) {
  BlockInhibitedChange change;
  check(sd_bus_message_enter_container(&signal, 'a', "{sv}"), "entering a{sv}");
  while (check(sd_bus_message_enter_container(&signal, 'e', "sv"), "entering {sv}") > 0) {
    const std::string_view name = read_string(signal);
    const char* contents = nullptr;
    check(sd_bus_message_peek_type(&signal, nullptr, &contents), "peeking a variant");
    if (name == kBlockInhibited && contents != nullptr && std::string_view(contents) == "s") {
      check(sd_bus_message_enter_container(&signal, 'v', "s"), "entering a variant");
      change.value = read_string(signal);
      change.changed = true;
      check(sd_bus_message_exit_container(&signal), "leaving a variant");
    } else {
      check(sd_bus_message_skip(&signal, "v"), "skipping a variant");
    }
    check(sd_bus_message_exit_container(&signal), "leaving {sv}");
  }
  check(sd_bus_message_exit_container(&signal), "leaving a{sv}");
  check(sd_bus_message_enter_container(&signal, 'a', "s"), "entering as");
  const char* name = nullptr;
  while (check(sd_bus_message_read_basic(&signal, 's', &name), "reading as") > 0) {
    if (std::string_view(name) == kBlockInhibited) change.invalidated = true;
  }
  check(sd_bus_message_exit_container(&signal), "leaving as");
  return change;
}

}  // namespace

LogindIdleInhibitors::LogindIdleInhibitors(SharedBus& bus, IdleInhibitorsChanged on_change)
    : shared_(bus), on_change_(std::move(on_change)) {}

LogindIdleInhibitors::~LogindIdleInhibitors() { drop_bus(); }

bool LogindIdleInhibitors::start() {
  drop_bus();
  try {
    bus_ = &shared_.connect();
    loss_ = shared_.on_lost([this](std::string_view why) { on_bus_lost(why); });
    subscribe(
        "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
        "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='org.freedesktop.login1'",
        &LogindIdleInhibitors::decode_owner_changed);
    subscribe(
        "type='signal',sender='org.freedesktop.login1',path='/org/freedesktop/login1',"
        "interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',"
        "arg0='org.freedesktop.login1.Manager'",
        &LogindIdleInhibitors::decode_properties_changed);
    // After the subscriptions: a logind arriving meanwhile is seen either way.
    if (logind_running(*bus_)) {
      logind_present_ = true;
      read_block_inhibited();
      spdlog::debug("logind: following idle inhibitors");
      return true;
    }
    spdlog::debug("logind: not on the system bus; not following idle inhibitors");
  } catch (const std::exception& error) {
    spdlog::debug("logind: {}; not following idle inhibitors", error.what());
  }
  drop_bus();
  return false;
}

void LogindIdleInhibitors::subscribe(const std::string& rule,
                                     void (LogindIdleInhibitors::*decode)(sd_bus_message&)) {
  matches_.push_back(
      add_match(*bus_, rule, [this, decode](sd_bus_message& signal) { (this->*decode)(signal); }));
}

void LogindIdleInhibitors::drop_bus() {
  call_.reset();
  matches_.clear();
  loss_.reset();
  bus_ = nullptr;
  logind_present_ = false;
}

void LogindIdleInhibitors::on_bus_lost(std::string_view why) {
  drop_bus();
  spdlog::warn("logind: {}; no longer following idle inhibitors", why);
  report({});
}

void LogindIdleInhibitors::decode_owner_changed(sd_bus_message& signal) {
  const std::string name = read_string(signal);
  const std::string old_owner = read_string(signal);
  const std::string new_owner = read_string(signal);
  if (name != logind::kService) return;
  // A direct hand-over from one owner to the next is a restart too.
  if (!old_owner.empty() && logind_present_) {
    spdlog::debug("logind left the system bus; its idle inhibitors are not known until it returns");
    logind_present_ = false;
    call_.reset();
    report({});
  }
  if (!new_owner.empty()) {
    spdlog::debug("logind is on the system bus; reading its idle inhibitors");
    logind_present_ = true;
    read_block_inhibited();
  }
}

void LogindIdleInhibitors::decode_properties_changed(sd_bus_message& signal) {
  if (!logind_present_) return;
  if (std::string_view(read_string(signal)) != logind::kManagerInterface) return;
  const BlockInhibitedChange change = read_block_inhibited_change(signal);
  // logind emits this each time a block inhibitor starts or stops, even when the value stays:
  // so every one is a reason to list the inhibitors again.
  if (change.changed) return on_block_inhibited(change.value);
  if (change.invalidated) read_block_inhibited();
}

void LogindIdleInhibitors::read_block_inhibited() {
  try {
    auto call = new_method_call(*bus_, logind::kService, logind::kManagerPath,
                                logind::kPropertiesInterface, "Get");
    check(sd_bus_message_append(call.get(), "ss", logind::kManagerInterface, kBlockInhibited),
          "Get arguments");
    call_ = call_async(*bus_, *call, [this](sd_bus_message& reply) {
      const SdBusSlotPtr done = std::move(call_);  // sd-bus holds it until we return
      if (!check_reply(reply, "reading BlockInhibited")) return;
      check(sd_bus_message_enter_container(&reply, 'v', "s"), "entering a variant");
      on_block_inhibited(read_string(reply));
    });
  } catch (const std::system_error& error) {
    spdlog::warn("logind: cannot read BlockInhibited ({}); idle inhibitors not known, ignoring",
                 error.what());
  }
}

void LogindIdleInhibitors::on_block_inhibited(const std::string& what) {
  spdlog::trace("logind: BlockInhibited \"{}\"", what);
  if (has_idle(what)) return list_inhibitors();
  call_.reset();  // a list still on its way is out of date
  report({});
}

void LogindIdleInhibitors::list_inhibitors() {
  try {
    auto call = new_method_call(*bus_, logind::kService, logind::kManagerPath,
                                logind::kManagerInterface, "ListInhibitors");
    call_ = call_async(*bus_, *call, [this](sd_bus_message& reply) {
      const SdBusSlotPtr done = std::move(call_);  // sd-bus holds it until we return
      if (check_reply(reply, "ListInhibitors")) on_inhibitor_list(reply);
    });
  } catch (const std::system_error& error) {
    spdlog::warn("logind: cannot list inhibitors ({}); idle inhibitors not known, ignoring",
                 error.what());
  }
}

void LogindIdleInhibitors::on_inhibitor_list(sd_bus_message& reply) {
  std::vector<IdleInhibitor> inhibitors;
  check(sd_bus_message_enter_container(&reply, 'a', "(ssssuu)"), "entering a(ssssuu)");
  while (check(sd_bus_message_enter_container(&reply, 'r', "ssssuu"), "entering (ssssuu)") > 0) {
    const std::string_view what = read_string(reply);
    const char* who = read_string(reply);
    const char* why = read_string(reply);
    const std::string_view mode = read_string(reply);
    check(sd_bus_message_skip(&reply, "uu"), "skipping uid, pid");
    check(sd_bus_message_exit_container(&reply), "leaving (ssssuu)");
    // logind accepts "delay" only for sleep and shutdown; an idle "delay" would mean nothing.
    if (mode == "block" && has_idle(what)) inhibitors.push_back({"logind", who, why});
  }
  check(sd_bus_message_exit_container(&reply), "leaving a(ssssuu)");
  report(std::move(inhibitors));
}

bool LogindIdleInhibitors::check_reply(sd_bus_message& reply, const char* what) {
  if (!sd_bus_message_is_method_error(&reply, nullptr)) return true;
  if (bus_->is_open()) {  // else reported once, as the lost bus
    spdlog::warn("logind: {} failed ({}); idle inhibitors not known until they change, ignoring",
                 what, describe_error(sd_bus_message_get_error(&reply)));
  }
  return false;
}

void LogindIdleInhibitors::report(std::vector<IdleInhibitor> inhibitors) {
  if (inhibitors == reported_) return;
  reported_ = std::move(inhibitors);
  spdlog::debug("logind: idle inhibitors: {}", describe_idle_inhibitors(reported_));
  if (!on_change_) return;
  // The edge of a bus callback: nothing may unwind into sd-bus.
  try {
    on_change_(reported_);
  } catch (const std::exception& error) {
    spdlog::error("logind: handling a change of idle inhibitors failed: {}", error.what());
  }
}

}  // namespace screentime::adapters
