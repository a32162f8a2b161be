#include "daemon/adapters/activity/logind_signals.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

#include "daemon/adapters/activity/logind_bus_names.hpp"
#include "daemon/adapters/dbus/name_owner.hpp"
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
  matches_.push_back(watch_name_owner(
      bus_, logind::kService, [this](bool running) { handler_.on_logind_owner_changed(running); }));
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

bool LogindSignals::logind_running() { return name_has_owner(bus_, logind::kService); }

void LogindSignals::subscribe(const std::string& rule,
                              void (LogindSignals::*decode)(sd_bus_message&)) {
  matches_.push_back(
      add_match(bus_, rule, [this, decode](sd_bus_message& signal) { (this->*decode)(signal); }));
}

void LogindSignals::decode_prepare_for_sleep(sd_bus_message& signal) {
  int sleeping = 0;
  read_basic(signal, 'b', &sleeping);
  handler_.on_prepare_for_sleep(sleeping != 0);
}

void LogindSignals::decode_session_new(sd_bus_message& signal) {
  const std::string id = read_string(signal);
  handler_.on_session_new(id, read_string(signal, 'o'));
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
