#include "daemon/adapters/activity/logind_signals.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

#include "daemon/adapters/activity/logind_bus_names.hpp"
#include "daemon/adapters/dbus/sd_bus_calls.hpp"

namespace screentime::adapters {
namespace {

const std::string kFromLogind = "type='signal',sender='org.freedesktop.login1',";

const char* read_string(sd_bus_message& message, char type = 's') {
  const char* value = nullptr;
  read_basic(message, type, &value);
  return value;
}

}  // namespace

LogindSignals::LogindSignals(SdBusConnection& bus, Handler& handler)
    : handler_(handler), bus_(bus) {
  subscribe(
      "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
      "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='org.freedesktop.login1'",
      &LogindSignals::decode_owner_changed);
  const std::string manager =
      kFromLogind + "path='/org/freedesktop/login1',interface='org.freedesktop.login1.Manager',";
  subscribe(manager + "member='PrepareForSleep'", &LogindSignals::decode_prepare_for_sleep);
  subscribe(manager + "member='SessionNew'", &LogindSignals::decode_session_new);
  subscribe(manager + "member='SessionRemoved'", &LogindSignals::decode_session_removed);
  // Every session's, filtered by path by the handler: the rules then stay put while the
  // session followed changes (logout and login), with no AddMatch round trips from callbacks.
  const std::string sessions = kFromLogind + "path_namespace='/org/freedesktop/login1/session',";
  subscribe(sessions + "interface='org.freedesktop.login1.Session'",
            &LogindSignals::decode_session_signal);
  subscribe(sessions +
                "interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',"
                "arg0='org.freedesktop.login1.Session'",
            &LogindSignals::decode_properties_changed);
}

bool LogindSignals::logind_running() {
  SdBusError error;
  sd_bus_message* reply = nullptr;
  const int result = sd_bus_call_method(bus_.get(), "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                        "org.freedesktop.DBus", "NameHasOwner", error.get(), &reply,
                                        "s", logind::kService);
  const SdBusMessagePtr owned(reply);
  bus_.kick();  // a synchronous call: signals may have been queued meanwhile
  if (result < 0) {
    throw std::runtime_error("asking the system bus for logind failed: " +
                             describe_error(error.get(), result));
  }
  int running = 0;
  read_basic(*reply, 'b', &running);
  return running != 0;
}

void LogindSignals::subscribe(const std::string& rule,
                              void (LogindSignals::*decode)(sd_bus_message&)) {
  matches_.push_back(
      add_match(bus_, rule, [this, decode](sd_bus_message& signal) { (this->*decode)(signal); }));
}

void LogindSignals::decode_owner_changed(sd_bus_message& signal) {
  const std::string name = read_string(signal);
  const std::string old_owner = read_string(signal);
  const std::string new_owner = read_string(signal);
  if (name != logind::kService) return;
  // A direct hand-over from one owner to the next is a restart too.
  if (!old_owner.empty()) handler_.on_logind_owner_changed(false);
  if (!new_owner.empty()) handler_.on_logind_owner_changed(true);
}

void LogindSignals::decode_prepare_for_sleep(sd_bus_message& signal) {
  int sleeping = 0;
  read_basic(signal, 'b', &sleeping);
  handler_.on_prepare_for_sleep(sleeping != 0);
}

void LogindSignals::decode_session_new(sd_bus_message& signal) {
  handler_.on_session_new(read_string(signal));
}

void LogindSignals::decode_session_removed(sd_bus_message& signal) {
  const std::string id = read_string(signal);
  handler_.on_session_removed(id, read_string(signal, 'o'));
}

void LogindSignals::decode_session_signal(sd_bus_message& signal) {
  const char* member = sd_bus_message_get_member(&signal);
  const char* path = sd_bus_message_get_path(&signal);
  if (member == nullptr || path == nullptr) return;
  if (std::strcmp(member, "Lock") == 0) handler_.on_session_lock(path, true);
  if (std::strcmp(member, "Unlock") == 0) handler_.on_session_lock(path, false);
}

void LogindSignals::decode_properties_changed(sd_bus_message& signal) {
  const char* path = sd_bus_message_get_path(&signal);
  if (path == nullptr) return;
  handler_.on_session_change(path, read_session_change(signal));
}

}  // namespace screentime::adapters
