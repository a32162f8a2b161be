#include "daemon/adapters/desktop/screensaver_idle_source.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <system_error>
#include <utility>

#include "daemon/adapters/dbus/name_owner.hpp"
#include "daemon/adapters/dbus/sd_bus_calls.hpp"
#include "daemon/adapters/desktop/desktop_bus.hpp"

namespace screentime::adapters {
namespace {

constexpr const char* kLog = "screensaver";
constexpr const char* kService = "org.freedesktop.ScreenSaver";
constexpr const char* kInterface = "org.freedesktop.ScreenSaver";
// KDE serves both objects; some older implementations only the short one.
constexpr const char* kPaths[] = {"/org/freedesktop/ScreenSaver", "/ScreenSaver"};
// Every call's own timeout: a service that does not answer by then is taken as absent (at
// start) or failing (later), found out by the loop's timerfd rather than by waiting.
constexpr std::chrono::seconds kCallTimeout{5};
// How long start() waits for its answers: past the calls' own timeouts.
constexpr std::chrono::milliseconds kStartTimeout = kCallTimeout * 3 + std::chrono::seconds{1};
// After a failed poll: the service is there but broken; asking every second would not help.
constexpr core::Duration kRetry = std::chrono::seconds{30};

std::string seconds_text(core::Duration length) {
  return std::to_string(std::chrono::ceil<std::chrono::seconds>(length).count()) + " s";
}

}  // namespace

ScreensaverIdleSource::ScreensaverIdleSource(SharedBus& bus, const core::Clock& clock,
                                             core::IdleObserver& observer)
    : shared_(bus), clock_(clock), observer_(observer) {}

ScreensaverIdleSource::~ScreensaverIdleSource() { stop(); }

bool ScreensaverIdleSource::start(std::span<const core::Duration> thresholds) {
  std::optional<bool> works;
  start_async(thresholds, [&works](bool started) { works = started; });
  // Start-up only: every call has its own timeout, so this wait ends by then.
  if (!works && bus_) bus_->process_until([&works] { return works.has_value(); }, kStartTimeout);
  if (!works) stop();  // drops the callback that points at `works`
  return works.value_or(false);
}

void ScreensaverIdleSource::start_async(std::span<const core::Duration> thresholds,
                                        Started started) {
  stop();
  set_thresholds(thresholds);
  starting_ = std::move(started);
  try {
    connect();
    asking_owner_ = ask_name_owner(
        *bus_, kService, [this](std::optional<bool> present) { on_first_owner(present); },
        kCallTimeout);
  } catch (const std::exception& error) {
    finish_start(error.what());
  }
}

void ScreensaverIdleSource::on_first_owner(std::optional<bool> present) {
  const SdBusSlotPtr done = std::move(asking_owner_);  // sd-bus holds it until we return
  if (!starting_) return;
  if (!present) return finish_start("the session bus did not say whether it is there");
  if (!*present) {
    spdlog::info("{}: {} is not on the session bus; not using it", kLog, kService);
    return finish_start("", false);
  }
  present_ = true;
  probe(0);
}

void ScreensaverIdleSource::probe(std::size_t path) {
  probing_ = path;
  path_ = kPaths[path];
  poll();
}

void ScreensaverIdleSource::on_probe_failed(const std::string& why) {
  if (!probe_errors_.empty()) probe_errors_ += ", ";
  probe_errors_ += "GetSessionIdleTime on " + path_ + ": " + why;
  if (probing_ + 1 < std::size(kPaths)) return probe(probing_ + 1);
  finish_start(probe_errors_);
}

void ScreensaverIdleSource::finish_start(const std::string& why_not, bool log) {
  Started started = std::move(starting_);
  starting_ = nullptr;
  const bool works = why_not.empty() && log;
  if (works) {
    started_ = true;
    screen_saver_ = std::make_unique<ScreenSaverWatch>(
        *bus_, ScreenSaverWatch::Service{kService, path_, kInterface},
        [this](bool active) { on_screen_saver(active); });
    spdlog::info(
        "{}: {} has no idle events, so screentime polls GetSessionIdleTime on {}: while you are "
        "active once when the next threshold could be reached (at most every {}), while you "
        "are away every {} for input (not while the screen saver is on)",
        kLog, kService, path_,
        thresholds_.empty() ? std::string("never") : seconds_text(thresholds_.front().length),
        seconds_text(kInputPoll));
  } else {
    if (log) spdlog::warn("{}: {}; not using {}", kLog, why_not, kService);
    stop();
  }
  if (started) deliver(kLog, "a start", [&] { started(works); });
}

void ScreensaverIdleSource::set_thresholds(std::span<const core::Duration> thresholds) {
  thresholds_ = merge_thresholds(thresholds_, thresholds);
  if (!started_ || !present_) return;
  poll();  // its answer schedules the next poll for the new thresholds
  announce_deadline();
}

void ScreensaverIdleSource::stop() {
  starting_ = nullptr;
  asking_owner_.reset();
  probe_errors_.clear();
  leave_bus();
  poll_at_.reset();
  for (auto& threshold : thresholds_) threshold.reported = false;
  started_ = failing_ = idle_ = false;
  known_ = true;
}

std::string ScreensaverIdleSource::describe() const {
  return std::string(kService) + " " + path_ + " (GetSessionIdleTime, polled)";
}

void ScreensaverIdleSource::on_deadline() {
  if (!poll_at_ || clock_.now().boot < *poll_at_) return;
  poll_at_.reset();
  poll();
}

void ScreensaverIdleSource::connect() {
  bus_ = &shared_.connect();
  loss_ = shared_.on_lost([this](std::string_view why) { on_bus_lost(why); });
  owner_match_ =
      watch_name_owner(*bus_, kService, [this](bool present) { on_service_owner(present); });
}

void ScreensaverIdleSource::leave_bus() {
  polling_.reset();
  screen_saver_.reset();
  owner_match_.reset();
  loss_.reset();
  bus_ = nullptr;
  present_ = false;
}

void ScreensaverIdleSource::on_bus_lost(std::string_view why) {
  if (starting_) return finish_start(std::string(why));
  // The session bus is the desktop session: when it goes, the session ends (no retry).
  leave_bus();
  poll_at_.reset();
  lose(std::string(why));
  announce_deadline();
}

void ScreensaverIdleSource::on_service_owner(bool present) {
  if (!started_) return;
  if (!present) {
    if (!present_) return;
    present_ = false;
    polling_.reset();
    poll_at_.reset();
    lose(std::string(kService) + " left the session bus");
  } else {
    present_ = true;
    failing_ = false;
    spdlog::info("{}: {} is on the session bus again", kLog, kService);
    poll();
  }
  announce_deadline();
}

void ScreensaverIdleSource::on_screen_saver(bool active) {
  if (on_screensaver_active) on_screensaver_active(active);
  // While it was on, input was not polled for: whoever switched it off may be back.
  if (!active && idle_ && bus_ && present_) {
    poll();
    announce_deadline();
  }
}

void ScreensaverIdleSource::poll() {
  if (polling_ || !bus_ || !present_) return;
  try {
    auto call = new_method_call(*bus_, kService, path_.c_str(), kInterface, "GetSessionIdleTime");
    sd_bus_message_set_auto_start(call.get(), 0);
    polled_at_ = clock_.now().boot;
    polling_ = call_async(
        *bus_, *call, [this](sd_bus_message& reply) { on_poll_answer(reply); }, kCallTimeout);
  } catch (const std::system_error& error) {
    spdlog::warn("{}: cannot ask GetSessionIdleTime: {}; retrying in {}", kLog, error.what(),
                 seconds_text(kRetry));
    poll_at_ = clock_.now().boot + kRetry;
  }
}

void ScreensaverIdleSource::on_poll_answer(sd_bus_message& reply) {
  const SdBusSlotPtr done = std::move(polling_);  // sd-bus holds it until we return
  const core::Instant now = clock_.now();
  if (sd_bus_message_is_method_error(&reply, nullptr)) {
    const sd_bus_error* error = sd_bus_message_get_error(&reply);
    const std::string why = is_timeout(error) ? "no answer in time" : describe_error(error);
    if (starting_) {
      on_probe_failed(why);
    } else if (bus_->is_open()) {  // else reported once, as the lost bus
      if (!failing_) lose("GetSessionIdleTime failed: " + why + "; retrying every 30 s");
      failing_ = true;
      poll_at_ = now.boot + kRetry;
      announce_deadline();
    }
    return;
  }
  std::uint32_t seconds = 0;
  read_basic(reply, 'u', &seconds);
  if (starting_) finish_start("");  // the first answer: it works, and counts as the first poll
  if (failing_) spdlog::info("{}: GetSessionIdleTime answers again", kLog);
  failing_ = false;
  const core::Duration idle = std::chrono::seconds{seconds};
  spdlog::trace("{}: idle for {} s", kLog, seconds);
  on_idle_time(idle, now);
  if (!bus_) return;  // the observer stopped us
  schedule(idle, now);
  announce_deadline();
}

void ScreensaverIdleSource::on_idle_time(core::Duration idle, const core::Instant& now) {
  // Without input, the idle time the service measured (after polled_at_) is at least
  // polled_at_ - last_input_, and the answer cut to whole seconds is less than 1 s below it.
  // Lower than that, and it fell: input. (Reply times would let call latency fake input.)
  if (idle_ && idle + kInputPoll <= polled_at_ - last_input_.boot) {
    idle_ = false;
    known_ = true;
    for (auto& threshold : thresholds_) threshold.reported = false;
    spdlog::debug("{}: input", kLog);
    deliver(kLog, "input", [&] { observer_.on_input(now.earlier_by(idle)); });
  } else if (!idle_ && !known_ && (thresholds_.empty() || idle < thresholds_.front().length)) {
    known_ = true;
    deliver(kLog, "input", [&] { observer_.on_input(now.earlier_by(idle)); });
  }
  std::vector<core::Duration> due;
  for (auto& threshold : thresholds_) {
    if (threshold.reported || idle < threshold.length) continue;
    threshold.reported = true;
    due.push_back(threshold.length);
  }
  if (due.empty()) return;
  if (!idle_) {
    idle_ = true;
    known_ = true;
    last_input_ = now.earlier_by(idle);
  }
  const core::Instant last_input = last_input_;  // the observer may change our state
  for (const auto length : due) {
    spdlog::debug("{}: idle for {} ms", kLog, length.count());
    deliver(kLog, "idle", [&] { observer_.on_idle(length, last_input); });
  }
}

void ScreensaverIdleSource::schedule(core::Duration idle, const core::Instant& now) {
  poll_at_.reset();
  // Away: poll for the input that ends it, except behind an active screen saver (the daemon
  // counts that as locked, and switching it off brings a poll at once).
  if (idle_ && !(screen_saver_ && screen_saver_->active())) poll_at_ = now.boot + kInputPoll;
  // The next threshold: without input, the answer reaches it (in whole seconds) at the
  // earliest then, and it is seen at most 1 s after it passed.
  for (const auto& threshold : thresholds_) {
    if (threshold.reported) continue;
    const auto at = now.boot + (std::chrono::ceil<std::chrono::seconds>(threshold.length) - idle);
    poll_at_ = poll_at_ ? std::min(*poll_at_, at) : at;
    break;
  }
}

void ScreensaverIdleSource::lose(const std::string& why) {
  idle_ = false;
  known_ = false;
  for (auto& threshold : thresholds_) threshold.reported = false;
  spdlog::warn("{}: {}; idle time unknown until it returns", kLog, why);
  deliver(kLog, "a lost source", [&] { observer_.on_idle_source_lost(why); });
}

void ScreensaverIdleSource::announce_deadline() {
  if (deadline_changed) deliver(kLog, "a new deadline", deadline_changed);
}

}  // namespace screentime::adapters
