#include "daemon/adapters/desktop/mutter_idle_monitor.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <system_error>
#include <utility>

#include "daemon/adapters/dbus/sd_bus_calls.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"
#include "daemon/adapters/desktop/desktop_bus.hpp"

namespace screentime::adapters {
namespace {

constexpr const char* kPath = "/org/gnome/Mutter/IdleMonitor/Core";
constexpr const char* kInterface = "org.gnome.Mutter.IdleMonitor";

}  // namespace

MutterIdleMonitor::MutterIdleMonitor(SdBusConnection& bus, Handler& handler)
    : bus_(bus), handler_(handler) {
  matches_.push_back(watch_name_owner(
      bus_, kService, [this](bool present) { handler_.on_monitor_owner(present); }));
  // Mutter sends each watch's signal to the watch's owner only (unicast).
  const std::string rule = std::string("type='signal',sender='") + kService + "',path='" + kPath +
                           "',interface='" + kInterface + "',member='WatchFired'";
  matches_.push_back(add_match(bus_, rule, [this](sd_bus_message& signal) {
    std::uint32_t id = 0;
    read_basic(signal, 'u', &id);
    on_watch_fired(id);
  }));
}

void MutterIdleMonitor::set_idle_watches(const std::vector<core::Duration>& intervals) {
  for (auto it = idle_watches_.begin(); it != idle_watches_.end();) {
    if (std::find(intervals.begin(), intervals.end(), it->first) != intervals.end()) {
      ++it;
      continue;
    }
    if (it->second.id) remove_watch(*it->second.id);
    // Its id is still to come: removed once the reply brings it.
    if (it->second.adding) retired_.emplace(it->second.serial, std::move(it->second.adding));
    it = idle_watches_.erase(it);
  }
  for (const auto interval : intervals) {
    IdleWatch& watch = idle_watches_[interval];
    if (!watch.id && !watch.adding) add_idle_watch(interval, watch);
  }
}

void MutterIdleMonitor::add_idle_watch(core::Duration interval, IdleWatch& watch) {
  try {
    auto call = new_method_call(bus_, kService, kPath, kInterface, "AddIdleWatch");
    check(sd_bus_message_append(call.get(), "t", static_cast<std::uint64_t>(interval.count())),
          "AddIdleWatch");
    watch.serial = next_serial_++;
    watch.adding = call_async(
        bus_, *call,
        [this, serial = watch.serial](sd_bus_message& reply) {
          on_idle_watch_added(serial, reply);
        },
        kCallTimeout);
  } catch (const std::system_error& error) {
    error_ = std::string("cannot add an idle watch: ") + error.what();
    spdlog::warn("gnome: {}, ignoring", error_);
  }
}

void MutterIdleMonitor::on_idle_watch_added(std::uint64_t serial, sd_bus_message& reply) {
  const bool failed = sd_bus_message_is_method_error(&reply, nullptr);
  std::uint32_t id = 0;
  if (!failed) read_basic(reply, 'u', &id);
  SdBusSlotPtr done;  // sd-bus holds the slot until we return
  if (auto retired = retired_.find(serial); retired != retired_.end()) {
    done = std::move(retired->second);
    retired_.erase(retired);
    if (!failed) remove_watch(id);
    fired_early_.erase(id);
    return answered();
  }
  auto it = std::find_if(idle_watches_.begin(), idle_watches_.end(),
                         [&](const auto& entry) { return entry.second.serial == serial; });
  if (it == idle_watches_.end()) return;
  done = std::move(it->second.adding);
  if (failed) {
    if (!bus_.is_open()) return;  // reported once, as the lost bus
    const sd_bus_error* error = sd_bus_message_get_error(&reply);
    error_ = "AddIdleWatch(" + std::to_string(it->first.count()) +
             " ms) failed: " + describe_error(error);
    timed_out_ = is_timeout(error);
    // A timeout is the whole monitor's failure: whoever waits for it says so, once.
    if (timed_out_) {
      spdlog::debug("gnome: {}", error_);
    } else {
      spdlog::warn("gnome: {}; that threshold goes unseen", error_);
    }
    return answered();
  }
  it->second.id = id;
  const core::Duration interval = it->first;
  const bool fired = fired_early_.erase(id) > 0;
  answered();
  if (fired) handler_.on_idle_watch_fired(interval);
}

void MutterIdleMonitor::answered() {
  forget_early_fires();
  if (!adding()) handler_.on_adds_answered();
}

void MutterIdleMonitor::add_user_active_watch() {
  if (active_id_ || adding_active_) return;
  try {
    auto call = new_method_call(bus_, kService, kPath, kInterface, "AddUserActiveWatch");
    adding_active_ = call_async(
        bus_, *call, [this](sd_bus_message& reply) { on_active_watch_added(reply); }, kCallTimeout);
  } catch (const std::system_error& error) {
    spdlog::warn("gnome: cannot add a user-active watch: {}; input goes unseen until the next idle",
                 error.what());
  }
}

void MutterIdleMonitor::on_active_watch_added(sd_bus_message& reply) {
  const SdBusSlotPtr done = std::move(adding_active_);
  if (sd_bus_message_is_method_error(&reply, nullptr)) {
    if (bus_.is_open()) {
      spdlog::warn("gnome: AddUserActiveWatch failed: {}; input goes unseen until the next idle",
                   describe_error(sd_bus_message_get_error(&reply)));
    }
    return answered();
  }
  std::uint32_t id = 0;
  read_basic(reply, 'u', &id);
  active_id_ = id;
  const bool fired = fired_early_.erase(id) > 0;
  answered();
  if (fired) on_watch_fired(id);
}

void MutterIdleMonitor::drop_user_active_watch() {
  if (active_id_) remove_watch(*active_id_);
  active_id_.reset();
  adding_active_.reset();
}

void MutterIdleMonitor::ask_idletime(IdletimeHandler on_answer) {
  try {
    auto call = new_method_call(bus_, kService, kPath, kInterface, "GetIdletime");
    asking_idletime_ = call_async(
        bus_, *call,
        [this, on_answer](sd_bus_message& reply) {
          const SdBusSlotPtr done = std::move(asking_idletime_);
          if (sd_bus_message_is_method_error(&reply, nullptr)) {
            spdlog::debug("gnome: GetIdletime failed: {}",
                          describe_error(sd_bus_message_get_error(&reply)));
            return on_answer(std::nullopt);
          }
          std::uint64_t idle_ms = 0;
          read_basic(reply, 't', &idle_ms);
          on_answer(core::Duration(static_cast<core::Duration::rep>(idle_ms)));
        },
        kCallTimeout);
  } catch (const std::system_error& error) {
    spdlog::debug("gnome: cannot ask GetIdletime: {}", error.what());
    on_answer(std::nullopt);
  }
}

void MutterIdleMonitor::on_watch_fired(std::uint32_t id) {
  spdlog::trace("gnome: watch {} fired", id);
  if (active_id_ == id) {
    active_id_.reset();  // one-shot: Mutter has dropped it
    return handler_.on_user_active();
  }
  for (const auto& [interval, watch] : idle_watches_) {
    if (watch.id == id) return handler_.on_idle_watch_fired(interval);
  }
  if (adding()) fired_early_.insert(id);  // matched when the reply lands
}

void MutterIdleMonitor::remove_watch(std::uint32_t id) {
  try {
    auto call = new_method_call(bus_, kService, kPath, kInterface, "RemoveWatch");
    check(sd_bus_message_append(call.get(), "u", id), "RemoveWatch");
    send_without_reply(bus_, *call);
  } catch (const std::system_error& error) {
    spdlog::warn("gnome: cannot remove watch {}: {}, ignoring", id, error.what());
  }
}

bool MutterIdleMonitor::adding() const {
  return adding_active_ || !retired_.empty() ||
         std::any_of(idle_watches_.begin(), idle_watches_.end(),
                     [](const auto& entry) { return entry.second.adding != nullptr; });
}

void MutterIdleMonitor::forget_early_fires() {
  if (!adding()) fired_early_.clear();
}

void MutterIdleMonitor::remove_all() {
  // Watches whose id is still on its way are removed once it lands: the bus is shared, so
  // leaving it does not take them away.
  const auto remove_when_known = [](SdBusSlotPtr adding) {
    detach_call(std::move(adding), [](sd_bus_message& reply) {
      std::uint32_t id = 0;
      if (sd_bus_message_is_method_error(&reply, nullptr)) return;
      read_basic(reply, 'u', &id);
      // No callback and no slot: sent expecting no reply, and flushed by the dispatch we are in.
      sd_bus_call_method_async(sd_bus_message_get_bus(&reply), nullptr, kService, kPath, kInterface,
                               "RemoveWatch", nullptr, nullptr, "u", id);
    });
  };
  for (auto& [interval, watch] : idle_watches_) {
    if (watch.id) remove_watch(*watch.id);
    if (watch.adding) remove_when_known(std::move(watch.adding));
  }
  for (auto& [serial, adding] : retired_) remove_when_known(std::move(adding));
  if (active_id_) remove_watch(*active_id_);
  if (adding_active_) remove_when_known(std::move(adding_active_));
  forget();
}

void MutterIdleMonitor::forget() {
  idle_watches_.clear();
  retired_.clear();
  active_id_.reset();
  adding_active_.reset();
  asking_idletime_.reset();
  fired_early_.clear();
}

}  // namespace screentime::adapters
