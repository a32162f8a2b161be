#include "daemon/adapters/desktop/gnome_idle_source.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <utility>

#include "daemon/adapters/dbus/name_owner.hpp"
#include "daemon/adapters/desktop/desktop_bus.hpp"

namespace screentime::adapters {
namespace {

constexpr const char* kLog = "gnome";
constexpr const char* kService = MutterIdleMonitor::kService;
// How long start() waits for Mutter to take the watches: past every call's own timeout.
constexpr std::chrono::milliseconds kStartTimeout =
    MutterIdleMonitor::kCallTimeout * 2 + std::chrono::seconds{1};

}  // namespace

GnomeIdleSource::GnomeIdleSource(SharedBus& bus, const core::Clock& clock,
                                 core::IdleObserver& observer)
    : shared_(bus), clock_(clock), observer_(observer) {}

GnomeIdleSource::~GnomeIdleSource() { stop(); }

bool GnomeIdleSource::start(std::span<const core::Duration> thresholds) {
  std::optional<bool> works;
  start_async(thresholds, [&works](bool started) { works = started; });
  // Start-up only: every call has its own timeout, so this wait ends by then.
  if (!works && bus_) bus_->process_until([&works] { return works.has_value(); }, kStartTimeout);
  if (!works) stop();  // drops the callback that points at `works`
  return works.value_or(false);
}

void GnomeIdleSource::start_async(std::span<const core::Duration> thresholds, Started started) {
  stop();
  set_thresholds(thresholds);
  starting_ = std::move(started);
  try {
    connect();
    asking_owner_ = ask_name_owner(
        *bus_, kService, [this](std::optional<bool> present) { on_first_owner(present); },
        MutterIdleMonitor::kCallTimeout);
  } catch (const std::exception& error) {
    finish_start(error.what());
  }
}

void GnomeIdleSource::on_first_owner(std::optional<bool> present) {
  const SdBusSlotPtr done = std::move(asking_owner_);  // sd-bus holds it until we return
  if (!starting_) return;
  if (!present) return finish_start("the session bus did not say whether Mutter is there");
  if (!*present) {
    spdlog::info("{}: {} is not on the session bus; not using it", kLog, kService);
    return finish_start("", false);
  }
  present_ = true;
  monitor_->set_idle_watches(lengths());
  if (!monitor_->adding()) on_adds_answered();  // no thresholds: nothing to wait for
}

void GnomeIdleSource::on_adds_answered() {
  if (!starting_ || !present_) return;
  if (!monitor_->error().empty()) {
    return finish_start(monitor_->timed_out() ? "Mutter's IdleMonitor did not answer in time"
                                              : monitor_->error());
  }
  spdlog::info("{}: following idle time through {} ({} thresholds, no polling)", kLog, kService,
               thresholds_.size());
  finish_start("");
}

void GnomeIdleSource::finish_start(const std::string& why_not, bool log) {
  Started started = std::move(starting_);
  starting_ = nullptr;
  const bool works = why_not.empty() && log;
  if (!works) {
    if (log) spdlog::warn("{}: {}; not using Mutter's IdleMonitor", kLog, why_not);
    stop();
  }
  if (started) deliver(kLog, "a start", [&] { started(works); });
}

void GnomeIdleSource::set_thresholds(std::span<const core::Duration> thresholds) {
  thresholds_ = merge_thresholds(thresholds_, thresholds);
  if (present_) monitor_->set_idle_watches(lengths());
}

void GnomeIdleSource::stop() {
  starting_ = nullptr;
  asking_owner_.reset();
  if (monitor_ && present_) monitor_->remove_all();
  leave_bus();  // the loop sends the RemoveWatch calls: the bus is shared and stays
  for (auto& threshold : thresholds_) threshold.reported = false;
  firing_.reset();
  idle_ = false;
  known_ = true;
}

void GnomeIdleSource::connect() {
  bus_ = &shared_.connect();
  loss_ = shared_.on_lost([this](std::string_view why) { on_bus_lost(why); });
  MutterIdleMonitor::Handler& handler = *this;  // a private base: converted where visible
  monitor_ = std::make_unique<MutterIdleMonitor>(*bus_, handler);
  screen_saver_ = std::make_unique<ScreenSaverWatch>(
      *bus_,
      ScreenSaverWatch::Service{"org.gnome.ScreenSaver", "/org/gnome/ScreenSaver",
                                "org.gnome.ScreenSaver"},
      [this](bool active) {
        if (on_screensaver_active) on_screensaver_active(active);
      });
}

void GnomeIdleSource::leave_bus() {
  screen_saver_.reset();
  monitor_.reset();
  loss_.reset();
  bus_ = nullptr;
  present_ = false;
}

void GnomeIdleSource::on_bus_lost(std::string_view why) {
  if (starting_) return finish_start(std::string(why));
  // The session bus is the desktop session: when it goes, the session ends (no retry).
  leave_bus();
  lose(std::string(why));
}

void GnomeIdleSource::on_monitor_owner(bool present) {
  if (starting_) {
    if (!present) return finish_start(std::string(kService) + " left the session bus");
    if (present_) return;
    present_ = true;  // came while NameHasOwner was on its way
    monitor_->set_idle_watches(lengths());
    if (!monitor_->adding()) on_adds_answered();
    return;
  }
  if (!present) {
    if (!present_) return;
    present_ = false;
    monitor_->forget();  // its watches went with it
    return lose(std::string(kService) + " left the session bus");
  }
  present_ = true;
  spdlog::info("{}: {} is on the session bus again", kLog, kService);
  monitor_->set_idle_watches(lengths());
  monitor_->add_user_active_watch();  // the next input makes the state known again
}

std::vector<core::Duration> GnomeIdleSource::lengths() const {
  std::vector<core::Duration> result;
  for (const auto& threshold : thresholds_) result.push_back(threshold.length);
  return result;
}

void GnomeIdleSource::on_idle_watch_fired(core::Duration interval) {
  if (idle_) return report_reached(interval);
  if (firing_) {  // the GetIdletime answer on its way covers this one too
    firing_ = std::max(*firing_, interval);
    return;
  }
  firing_ = interval;
  fired_at_ = clock_.now();
  // The user-active watch first, GetIdletime after it (Mutter answers in order): an idle
  // time below the threshold then means input came before the watch was in place. The idle
  // time also dates the start exactly when the watch fired late (added after the threshold
  // had passed: at start, after set_thresholds, after Mutter restarted).
  monitor_->add_user_active_watch();
  monitor_->ask_idletime([this](std::optional<core::Duration> idle) { on_idletime(idle); });
}

void GnomeIdleSource::on_idletime(std::optional<core::Duration> idle) {
  if (!firing_ || !present_) return;
  const core::Duration threshold = *firing_;
  firing_.reset();
  if (!idle) return enter_idle(fired_at_.earlier_by(threshold), threshold);
  const core::Instant now = clock_.now();
  if (*idle >= threshold) return enter_idle(now.earlier_by(*idle), *idle);
  // Mutter fires a watch only once the idle time reached it, and the idle time only falls on
  // input: the user came back before our user-active watch was in place. Mutter has re-armed
  // the idle watches; nothing was reported, so nothing ends.
  spdlog::debug("{}: input right after the {} ms watch fired", kLog, threshold.count());
  monitor_->drop_user_active_watch();
  if (known_) return;
  known_ = true;
  deliver(kLog, "input", [&] { observer_.on_input(now.earlier_by(*idle)); });
}

void GnomeIdleSource::enter_idle(const core::Instant& last_input, core::Duration reached) {
  idle_ = true;
  known_ = true;
  last_input_ = last_input;
  report_reached(reached);
}

void GnomeIdleSource::report_reached(core::Duration reached) {
  // In order, each once: a threshold reached means every smaller one was reached too.
  std::vector<core::Duration> due;
  for (auto& threshold : thresholds_) {
    if (threshold.length > reached) break;
    if (threshold.reported) continue;
    threshold.reported = true;
    due.push_back(threshold.length);
  }
  const core::Instant last_input = last_input_;  // the observer may change our state
  for (const auto length : due) {
    spdlog::debug("{}: idle for {} ms", kLog, length.count());
    deliver(kLog, "idle", [&] { observer_.on_idle(length, last_input); });
  }
}

void GnomeIdleSource::on_user_active() {
  const bool report = idle_ || !known_;
  monitor_->cancel_idletime();
  firing_.reset();
  idle_ = false;
  known_ = true;
  for (auto& threshold : thresholds_) threshold.reported = false;  // Mutter re-arms on input
  if (!report) return;
  const core::Instant now = clock_.now();
  spdlog::debug("{}: input", kLog);
  deliver(kLog, "input", [&] { observer_.on_input(now); });
}

void GnomeIdleSource::lose(const std::string& why) {
  firing_.reset();
  idle_ = false;
  known_ = false;
  for (auto& threshold : thresholds_) threshold.reported = false;
  spdlog::warn("{}: {}; idle time unknown until it returns", kLog, why);
  deliver(kLog, "a lost source", [&] { observer_.on_idle_source_lost(why); });
}

}  // namespace screentime::adapters
