#include "daemon/adapters/activity/gnome_session_inhibitors.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "daemon/adapters/dbus/sd_bus_calls.hpp"

namespace screentime::adapters {
namespace {

constexpr const char* kService = "org.gnome.SessionManager";
constexpr const char* kManagerPath = "/org/gnome/SessionManager";
constexpr const char* kManagerInterface = "org.gnome.SessionManager";
constexpr const char* kInhibitorInterface = "org.gnome.SessionManager.Inhibitor";
// gnome-session's GsmInhibitorFlag: "Inhibit the session being marked as idle".
constexpr std::uint32_t kInhibitIdle = 8;

int check(int result, const char* what) {
  if (result < 0) throw std::system_error(-result, std::generic_category(), what);
  return result;
}

const char* read_string(sd_bus_message& message, char type = 's') {
  const char* value = nullptr;
  read_basic(message, type, &value);
  return value;
}

constexpr const char* method_of(std::size_t field) {
  constexpr const char* kMethods[] = {"GetFlags", "GetAppId", "GetReason"};
  return kMethods[field];
}

bool session_manager_running(SdBusConnection& bus) {
  SdBusError error;
  sd_bus_message* reply = nullptr;
  const int result = sd_bus_call_method(bus.get(), "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                        "org.freedesktop.DBus", "NameHasOwner", error.get(), &reply,
                                        "s", kService);
  const SdBusMessagePtr owned(reply);
  bus.kick();  // a synchronous call: signals may have been queued meanwhile
  if (result < 0) {
    throw std::runtime_error("asking the session bus for gnome-session failed: " +
                             describe_error(error.get(), result));
  }
  int running = 0;
  read_basic(*reply, 'b', &running);
  return running != 0;
}

}  // namespace

GnomeSessionInhibitors::GnomeSessionInhibitors(SharedBus& bus, IdleInhibitorsChanged on_change)
    : shared_(bus), on_change_(std::move(on_change)) {}

GnomeSessionInhibitors::~GnomeSessionInhibitors() { drop_bus(); }

bool GnomeSessionInhibitors::start() {
  drop_bus();
  try {
    bus_ = &shared_.connect();
    loss_ = shared_.on_lost([this](std::string_view why) { on_bus_lost(why); });
    subscribe(
        "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
        "interface='org.freedesktop.DBus',member='NameOwnerChanged',"
        "arg0='org.gnome.SessionManager'",
        &GnomeSessionInhibitors::decode_owner_changed);
    const std::string manager =
        "type='signal',sender='org.gnome.SessionManager',path='/org/gnome/SessionManager',"
        "interface='org.gnome.SessionManager',";
    subscribe(manager + "member='InhibitorAdded'", &GnomeSessionInhibitors::decode_inhibitor_added);
    subscribe(manager + "member='InhibitorRemoved'",
              &GnomeSessionInhibitors::decode_inhibitor_removed);
    // After the subscriptions: an inhibitor added meanwhile is seen either way.
    if (session_manager_running(*bus_)) {
      present_ = true;
      list_inhibitors();
      spdlog::debug("gnome-session: following idle inhibitors");
      return true;
    }
    spdlog::debug("gnome-session: {} is not on the session bus; not following its inhibitors",
                  kService);
  } catch (const std::exception& error) {
    spdlog::debug("gnome-session: {}; not following its inhibitors", error.what());
  }
  drop_bus();
  return false;
}

void GnomeSessionInhibitors::subscribe(const std::string& rule,
                                       void (GnomeSessionInhibitors::*decode)(sd_bus_message&)) {
  matches_.push_back(
      add_match(*bus_, rule, [this, decode](sd_bus_message& signal) { (this->*decode)(signal); }));
}

void GnomeSessionInhibitors::drop_bus() {
  inhibitors_.clear();
  list_call_.reset();
  matches_.clear();
  loss_.reset();
  bus_ = nullptr;
  present_ = false;
}

void GnomeSessionInhibitors::on_bus_lost(std::string_view why) {
  drop_bus();
  spdlog::warn("gnome-session: {}; no longer following its idle inhibitors", why);
  update();
}

void GnomeSessionInhibitors::decode_owner_changed(sd_bus_message& signal) {
  const std::string name = read_string(signal);
  const std::string old_owner = read_string(signal);
  const std::string new_owner = read_string(signal);
  if (name != kService) return;
  // A direct hand-over from one owner to the next is a restart too.
  if (!old_owner.empty() && present_) {
    spdlog::debug("gnome-session left the session bus, and its inhibitors with it");
    present_ = false;
    list_call_.reset();
    inhibitors_.clear();
    update();
  }
  if (!new_owner.empty()) {
    spdlog::debug("gnome-session is on the session bus; reading its inhibitors");
    present_ = true;
    list_inhibitors();
  }
}

void GnomeSessionInhibitors::decode_inhibitor_added(sd_bus_message& signal) {
  if (present_) add(read_string(signal, 'o'));
}

void GnomeSessionInhibitors::decode_inhibitor_removed(sd_bus_message& signal) {
  forget(read_string(signal, 'o'));
  update();
}

void GnomeSessionInhibitors::list_inhibitors() {
  try {
    auto call = new_method_call(*bus_, kService, kManagerPath, kManagerInterface, "GetInhibitors");
    list_call_ = call_async(*bus_, *call, [this](sd_bus_message& reply) {
      const SdBusSlotPtr done = std::move(list_call_);  // sd-bus holds it until we return
      on_inhibitor_list(reply);
    });
  } catch (const std::system_error& error) {
    spdlog::warn("gnome-session: cannot ask for its inhibitors ({}), ignoring", error.what());
  }
}

void GnomeSessionInhibitors::on_inhibitor_list(sd_bus_message& reply) {
  if (sd_bus_message_is_method_error(&reply, nullptr)) {
    if (!bus_->is_open()) return;  // reported once, as the lost bus
    spdlog::warn(
        "gnome-session: GetInhibitors failed ({}); only inhibitors added from now on "
        "are seen",
        describe_error(sd_bus_message_get_error(&reply)));
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
    auto call = new_method_call(*bus_, kService, inhibitor.path.c_str(), kInhibitorInterface,
                                method_of(field));
    inhibitor.calls[field] =
        call_async(*bus_, *call, [this, path = inhibitor.path, field](sd_bus_message& reply) {
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
  if (sd_bus_message_is_method_error(&reply, nullptr)) {
    if (!bus_->is_open()) return;  // reported once, as the lost bus
    // Mostly an inhibitor that went before we could read it (its InhibitorRemoved follows).
    spdlog::debug("gnome-session: {} of {} failed ({}), ignoring the inhibitor", method_of(field),
                  path, describe_error(sd_bus_message_get_error(&reply)));
    forget(path);
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

void GnomeSessionInhibitors::forget(std::string_view path) {
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
  if (current == reported_) return;
  reported_ = std::move(current);
  spdlog::debug("gnome-session: idle inhibitors: {}", describe_idle_inhibitors(reported_));
  if (!on_change_) return;
  // The edge of a bus callback: nothing may unwind into sd-bus.
  try {
    on_change_(reported_);
  } catch (const std::exception& error) {
    spdlog::error("gnome-session: handling a change of idle inhibitors failed: {}", error.what());
  }
}

}  // namespace screentime::adapters
