#include "daemon/adapters/activity/logind_idle_inhibitors.hpp"

#include <spdlog/spdlog.h>

#include <ranges>
#include <string_view>
#include <system_error>
#include <utility>

#include "daemon/adapters/activity/logind_bus_names.hpp"
#include "daemon/adapters/dbus/sd_bus_calls.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {
namespace {

constexpr const char* kBlockInhibited = "BlockInhibited";

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
    : ServiceInhibitors(bus, {"logind", logind::kService, "system bus"}, std::move(on_change)) {}

void LogindIdleInhibitors::subscribe() {
  add_match(
      "type='signal',sender='org.freedesktop.login1',path='/org/freedesktop/login1',"
      "interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',"
      "arg0='org.freedesktop.login1.Manager'",
      [this](sd_bus_message& signal) { decode_properties_changed(signal); });
}

void LogindIdleInhibitors::decode_properties_changed(sd_bus_message& signal) {
  if (!present()) return;
  if (std::string_view(read_string(signal)) != logind::kManagerInterface) return;
  const BlockInhibitedChange change = read_block_inhibited_change(signal);
  // logind emits this each time a block inhibitor starts or stops, even when the value stays:
  // so every one is a reason to list the inhibitors again.
  if (change.changed) return on_block_inhibited(change.value);
  if (change.invalidated) read();
}

void LogindIdleInhibitors::read() {
  try {
    auto call = new_method_call(bus(), logind::kService, logind::kManagerPath,
                                logind::kPropertiesInterface, "Get");
    check(sd_bus_message_append(call.get(), "ss", logind::kManagerInterface, kBlockInhibited),
          "Get arguments");
    call_ = call_async(bus(), *call, [this](sd_bus_message& reply) {
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
    auto call = new_method_call(bus(), logind::kService, logind::kManagerPath,
                                logind::kManagerInterface, "ListInhibitors");
    call_ = call_async(bus(), *call, [this](sd_bus_message& reply) {
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
  std::string why;
  if (!failed(reply, why)) return true;
  if (!why.empty()) {
    spdlog::warn("logind: {} failed ({}); idle inhibitors not known until they change, ignoring",
                 what, why);
  }
  return false;
}

}  // namespace screentime::adapters
