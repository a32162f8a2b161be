#include "daemon/adapters/activity/gnome_session_inhibitors.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <system_error>
#include <utility>

#include "daemon/adapters/dbus/sd_bus_calls.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {
namespace {

constexpr const char* kService = "org.gnome.SessionManager";
constexpr const char* kManagerPath = "/org/gnome/SessionManager";
constexpr const char* kManagerInterface = "org.gnome.SessionManager";
constexpr const char* kInhibitorInterface = "org.gnome.SessionManager.Inhibitor";
// gnome-session's GsmInhibitorFlag: "Inhibit the session being marked as idle".
constexpr std::uint32_t kInhibitIdle = 8;

const char* read_string(sd_bus_message& message, char type = 's') {
  const char* value = nullptr;
  read_basic(message, type, &value);
  return value;
}

constexpr const char* method_of(std::size_t field) {
  constexpr const char* kMethods[] = {"GetFlags", "GetAppId", "GetReason"};
  return kMethods[field];
}

}  // namespace

GnomeSessionInhibitors::GnomeSessionInhibitors(SharedBus& bus, IdleInhibitorsChanged on_change)
    : ServiceInhibitors(bus, {"gnome-session", kService, "session bus"}, std::move(on_change)) {}

void GnomeSessionInhibitors::subscribe() {
  const std::string manager =
      "type='signal',sender='org.gnome.SessionManager',path='/org/gnome/SessionManager',"
      "interface='org.gnome.SessionManager',";
  add_match(manager + "member='InhibitorAdded'", [this](sd_bus_message& signal) {
    if (present()) add(read_string(signal, 'o'));
  });
  add_match(manager + "member='InhibitorRemoved'", [this](sd_bus_message& signal) {
    drop(read_string(signal, 'o'));
    update();
  });
}

void GnomeSessionInhibitors::forget() {
  inhibitors_.clear();
  list_call_.reset();
}

void GnomeSessionInhibitors::read() {
  try {
    auto call = new_method_call(bus(), kService, kManagerPath, kManagerInterface, "GetInhibitors");
    list_call_ = call_async(bus(), *call, [this](sd_bus_message& reply) {
      const SdBusSlotPtr done = std::move(list_call_);  // sd-bus holds it until we return
      on_inhibitor_list(reply);
    });
  } catch (const std::system_error& error) {
    spdlog::warn("gnome-session: cannot ask for its inhibitors ({}), ignoring", error.what());
  }
}

void GnomeSessionInhibitors::on_inhibitor_list(sd_bus_message& reply) {
  std::string why;
  if (failed(reply, why)) {
    if (why.empty()) return;
    spdlog::warn(
        "gnome-session: GetInhibitors failed ({}); only inhibitors added from now on "
        "are seen",
        why);
    return update();
  }
  // Those added since the call went out came as InhibitorAdded and are kept.
  check(sd_bus_message_enter_container(&reply, 'a', "o"), "entering ao");
  const char* path = nullptr;
  while (check(sd_bus_message_read_basic(&reply, 'o', &path), "reading ao") > 0) add(path);
  check(sd_bus_message_exit_container(&reply), "leaving ao");
  update();  // for those read while the list was on its way; else once all are read
}

void GnomeSessionInhibitors::add(const std::string& path) {
  if (find(path) != nullptr) return;
  spdlog::trace("gnome-session: inhibitor {}", path);
  Inhibitor& inhibitor = inhibitors_.emplace_back();
  inhibitor.path = path;
  for (std::size_t field = 0; field < kFieldCount; ++field) {
    read_field(inhibitor, static_cast<Field>(field));
  }
}

void GnomeSessionInhibitors::read_field(Inhibitor& inhibitor, Field field) {
  try {
    auto call = new_method_call(bus(), kService, inhibitor.path.c_str(), kInhibitorInterface,
                                method_of(field));
    inhibitor.calls[field] =
        call_async(bus(), *call, [this, path = inhibitor.path, field](sd_bus_message& reply) {
          on_field(path, field, reply);
        });
  } catch (const std::system_error& error) {
    spdlog::warn("gnome-session: cannot read inhibitor {} ({}), ignoring it", inhibitor.path,
                 error.what());
  }
}

void GnomeSessionInhibitors::on_field(const std::string& path, Field field, sd_bus_message& reply) {
  Inhibitor* inhibitor = find(path);
  if (inhibitor == nullptr) return;
  const SdBusSlotPtr done = std::move(inhibitor->calls[field]);  // sd-bus holds it until we return
  std::string why;
  if (failed(reply, why)) {
    if (why.empty()) return;
    // Mostly an inhibitor that went before we could read it (its InhibitorRemoved follows).
    spdlog::debug("gnome-session: {} of {} failed ({}), ignoring the inhibitor", method_of(field),
                  path, why);
    drop(path);
    return update();
  }
  switch (field) {
    case kFlags: {
      std::uint32_t flags = 0;
      read_basic(reply, 'u', &flags);
      inhibitor->flags = flags;
      break;
    }
    case kAppId:
      inhibitor->app_id = read_string(reply);
      break;
    case kReason:
      inhibitor->reason = read_string(reply);
      break;
    case kFieldCount:
      break;
  }
  update();
}

GnomeSessionInhibitors::Inhibitor* GnomeSessionInhibitors::find(std::string_view path) {
  const auto found = std::ranges::find(inhibitors_, path, &Inhibitor::path);
  return found != inhibitors_.end() ? &*found : nullptr;
}

void GnomeSessionInhibitors::drop(std::string_view path) {
  // Dropping an entry cancels its reads still on their way.
  std::erase_if(inhibitors_, [path](const Inhibitor& inhibitor) { return inhibitor.path == path; });
}

void GnomeSessionInhibitors::update() {
  // Not while answers are on their way: a list read in parts would be reported in parts (each
  // a change for the daemon to record). A read that never comes fails at sd-bus's timeout.
  const bool reading = std::ranges::any_of(inhibitors_, [](const Inhibitor& inhibitor) {
    return std::ranges::any_of(inhibitor.calls, [](const SdBusSlotPtr& call) { return !!call; });
  });
  if (list_call_ || reading) return;
  std::vector<IdleInhibitor> current;
  for (const auto& inhibitor : inhibitors_) {
    if (inhibitor.flags && (*inhibitor.flags & kInhibitIdle) != 0 && inhibitor.app_id &&
        inhibitor.reason) {
      current.push_back({"gnome-session", *inhibitor.app_id, *inhibitor.reason});
    }
  }
  report(std::move(current));
}

}  // namespace screentime::adapters
