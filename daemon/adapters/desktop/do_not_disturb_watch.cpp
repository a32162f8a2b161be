#include "daemon/adapters/desktop/do_not_disturb_watch.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <string>
#include <system_error>
#include <utility>

#include "daemon/adapters/dbus/sd_bus_calls.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"
#include "daemon/adapters/desktop/desktop_bus.hpp"

namespace screentime::adapters {
namespace {

constexpr const char* kName = "org.freedesktop.Notifications";
constexpr const char* kPath = "/org/freedesktop/Notifications";
constexpr std::string_view kCannotRead = "cannot read the notification server's do-not-disturb";

struct Property {
  const char* interface;
  const char* name;
  std::string_view description;
};
constexpr Property kDunst{"org.dunstproject.cmd0", "paused", "dunst paused"};
constexpr Property kKde{kName, "Inhibited", "KDE Inhibited"};

// A variant holding a boolean, as Get replies and PropertiesChanged carry them.
bool read_bool_variant(sd_bus_message& message) {
  check(sd_bus_message_enter_container(&message, 'v', "b"), "reading a boolean property");
  int value = 0;
  read_basic(message, 'b', &value);
  check(sd_bus_message_exit_container(&message), "reading a boolean property");
  return value != 0;
}

}  // namespace

DoNotDisturbWatch::DoNotDisturbWatch(SdBusConnection& bus, std::function<void(bool on)> on_change)
    : bus_(bus), on_change_(std::move(on_change)) {
  // One match for both interfaces: dunst sends its other properties' changes (queue lengths)
  // through the same signal, so an arg0 filter would not spare any wakeups.
  const std::string rule = std::string("type='signal',sender='") + kName + "',path='" + kPath +
                           "',interface='org.freedesktop.DBus.Properties',"
                           "member='PropertiesChanged'";
  matches_.push_back(
      add_match(bus_, rule, [this](sd_bus_message& signal) { on_properties_changed(signal); }));
  matches_.push_back(watch_name_owner(bus_, kName, [this](bool present) {
    if (present) return ask(Reader::dunst);
    asking_.reset();
    reader_ = Reader::none;
    set(false);  // the server is gone, and its do-not-disturb with it
  }));
  ask(Reader::dunst);
}

std::string_view DoNotDisturbWatch::describe() const {
  switch (reader_) {
    case Reader::dunst:
      return kDunst.description;
    case Reader::kde:
      return kKde.description;
    case Reader::none:
      break;
  }
  return kCannotRead;
}

void DoNotDisturbWatch::ask(Reader reader) {
  const Property& property = reader == Reader::kde ? kKde : kDunst;
  try {
    auto call = new_method_call(bus_, kName, kPath, "org.freedesktop.DBus.Properties", "Get");
    check(sd_bus_message_append(call.get(), "ss", property.interface, property.name),
          "sd_bus_message_append");
    // Asking must not start a notification server that is not running.
    sd_bus_message_set_auto_start(call.get(), 0);
    asking_ = call_async(bus_, *call,
                         [this, reader](sd_bus_message& reply) { on_answer(reader, reply); });
  } catch (const std::exception& error) {
    cannot_read(error.what());
  }
}

void DoNotDisturbWatch::on_answer(Reader reader, sd_bus_message& reply) {
  const SdBusSlotPtr done = std::move(asking_);  // sd-bus holds it until we return
  const sd_bus_error* error = sd_bus_message_get_error(&reply);
  if (error == nullptr) {
    try {
      return follow(reader, read_bool_variant(reply));
    } catch (const std::system_error& wrong_type) {
      spdlog::debug("do not disturb: {}", wrong_type.what());
    }
  } else {
    spdlog::debug("do not disturb: asking for {}: {}",
                  reader == Reader::kde ? kKde.description : kDunst.description,
                  describe_error(error));
    if (sd_bus_error_has_names(error, SD_BUS_ERROR_SERVICE_UNKNOWN,
                               SD_BUS_ERROR_NAME_HAS_NO_OWNER)) {
      return cannot_read("no notification server is running");  // its arrival asks again
    }
  }
  if (reader == Reader::dunst) return ask(Reader::kde);
  cannot_read("the server has neither dunst's 'paused' nor KDE's 'Inhibited'");
}

void DoNotDisturbWatch::on_properties_changed(sd_bus_message& signal) {
  const char* interface = nullptr;
  read_basic(signal, 's', &interface);
  const std::string_view changed_interface(interface);
  const bool dunst = changed_interface == kDunst.interface;
  if (!dunst && changed_interface != kKde.interface) return;
  const Property& property = dunst ? kDunst : kKde;
  const Reader reader = dunst ? Reader::dunst : Reader::kde;

  constexpr const char* kWhat = "reading PropertiesChanged";
  check(sd_bus_message_enter_container(&signal, 'a', "{sv}"), kWhat);
  int entered = 0;
  while ((entered = sd_bus_message_enter_container(&signal, 'e', "sv")) > 0) {
    const char* name = nullptr;
    read_basic(signal, 's', &name);
    if (std::string_view(name) == property.name) {
      follow(reader, read_bool_variant(signal));
    } else {
      check(sd_bus_message_skip(&signal, "v"), kWhat);
    }
    check(sd_bus_message_exit_container(&signal), kWhat);
  }
  check(entered, kWhat);
  check(sd_bus_message_exit_container(&signal), kWhat);
  // Changed without its value (a server may say only that): ask for it.
  bool ask_again = false;
  check(sd_bus_message_enter_container(&signal, 'a', "s"), kWhat);
  const char* name = nullptr;
  while (check(sd_bus_message_read_basic(&signal, 's', &name), kWhat) > 0) {
    ask_again = ask_again || std::string_view(name) == property.name;
  }
  if (ask_again) ask(reader);
}

void DoNotDisturbWatch::cannot_read(std::string_view why) {
  reader_ = Reader::none;
  set(false);
  if (said_cannot_read_) return spdlog::debug("do not disturb: {}: {}", kCannotRead, why);
  said_cannot_read_ = true;
  logged_ = Reader::none;
  spdlog::warn("{}: {}; reminders will not wait for it", kCannotRead, why);
}

void DoNotDisturbWatch::follow(Reader reader, bool on) {
  reader_ = reader;
  if (reader != logged_) {
    logged_ = reader;
    spdlog::info("do not disturb: following {}", describe());
  }
  set(on);
}

void DoNotDisturbWatch::set(bool on) {
  if (on == on_) return;
  on_ = on;
  spdlog::debug("do not disturb: {}", on ? "on" : "off");
  deliver(kName, "do not disturb", [this, on] { on_change_(on); });
}

}  // namespace screentime::adapters
