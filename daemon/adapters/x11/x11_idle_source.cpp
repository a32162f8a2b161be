#include "daemon/adapters/x11/x11_idle_source.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <exception>

namespace screentime::adapters {
namespace {

// While polling, a last input later than the one reported by more than this means input came
// (the server's milliseconds and our clock drift apart by a few).
constexpr core::Duration kInputTolerance{100};

// Observer calls are the edge of an X event: nothing may unwind past them.
template <typename Call>
void notify(const char* what, const Call& call) noexcept {
  try {
    call();
  } catch (const std::exception& error) {
    spdlog::error("X11: handling {} failed: {}", what, error.what());
  }
}

std::vector<core::Duration> normalized(std::span<const core::Duration> thresholds) {
  std::vector<core::Duration> result;
  for (const auto threshold : thresholds) {
    if (threshold > core::Duration::zero()) result.push_back(threshold);
  }
  std::ranges::sort(result);
  const auto [first, last] = std::ranges::unique(result);
  result.erase(first, last);
  return result;
}

bool contains(const std::vector<core::Duration>& durations, core::Duration value) {
  return std::ranges::find(durations, value) != durations.end();
}

}  // namespace

X11IdleSource::X11IdleSource(boost::asio::io_context& io, const core::Clock& clock,
                             core::IdleObserver& observer, std::string display,
                             X11IdleMethod method)
    : io_(io), clock_(clock), observer_(observer), method_(method), display_(std::move(display)) {}

// The server frees our alarms when the connection closes.
X11IdleSource::~X11IdleSource() = default;

bool X11IdleSource::start(std::span<const core::Duration> thresholds) {
  thresholds_ = normalized(thresholds);
  if (display_.empty()) {
    spdlog::info("X11: DISPLAY is not set; not watching the X11 idle time");
    return false;
  }
  try {
    connect();
    spdlog::debug("X11: watching the idle time through {}", describe());
    return true;
  } catch (const std::exception& error) {
    disconnect();
    spdlog::warn("X11: {}; not watching the X11 idle time", error.what());
    return false;
  }
}

void X11IdleSource::set_thresholds(std::span<const core::Duration> thresholds) {
  thresholds_ = normalized(thresholds);
  if (!connection_) return;  // connect() sets them up
  if (xsync_) {
    std::erase_if(idle_alarms_, [this](const auto& alarm) {
      if (contains(thresholds_, alarm.second)) return false;
      xsync_->destroy(alarm.first);
      return true;
    });
    arm_idle_alarms();
    connection_->kick();
  } else if (poll_) {
    poll();  // the next poll depends on the thresholds
    if (deadline_changed) notify("a new deadline", deadline_changed);
  }
}

std::string X11IdleSource::describe() const {
  if (connection_) {
    return polling_ ? "X11 MIT-SCREEN-SAVER idle time on " + display_ + " (polled)"
                    : "X11 XSync IDLETIME on " + display_;
  }
  if (retry_.at()) return "X11 on " + display_ + " (connection lost, reconnecting)";
  return "X11 (not started)";
}

core::Duration X11IdleSource::precision() const {
  return polling_ ? X11IdlePoll::kInputInterval : core::Duration::zero();
}

std::optional<core::BootTime> X11IdleSource::next_deadline() const {
  return retry_.at() ? retry_.at() : poll_at_;  // no polls while disconnected
}

void X11IdleSource::on_deadline() {
  const core::BootTime now = clock_.now().boot;
  if (retry_.take_due(now)) {
    reconnect();
  } else if (poll_at_ && now >= *poll_at_) {
    poll_at_.reset();
    poll();
  }
}

void X11IdleSource::connect() {
  connection_ = std::make_unique<XcbConnection>(
      io_, display_, [this](const xcb_generic_event_t& event) { on_event(event); },
      [this](std::string_view why) { on_connection_lost(why); });
  std::string why_no_sync = "polling was asked for";
  if (method_ == X11IdleMethod::kAuto) xsync_ = XSyncIdleAlarms::open(*connection_, why_no_sync);
  if (xsync_) {
    polling_ = false;
    std::optional<core::Duration> idle;
    if (lost_) {
      idle = xsync_->query();
      if (!idle) throw XcbError("cannot read the IDLETIME counter");
    }
    arm_idle_alarms();  // those already reached fire at once, and report themselves
    connection_->kick();
    if (idle) report_state_after_reconnect(*idle, clock_.now());
    return;
  }
  std::string why_no_poll;
  poll_ = X11IdlePoll::open(*connection_, why_no_poll);
  if (!poll_) throw XcbError(why_no_sync + ", and " + why_no_poll);
  if (!polling_) {
    spdlog::info(
        "X11: {} on {}; polling the MIT-SCREEN-SAVER idle time instead, every {} ms while idle",
        why_no_sync, display_, X11IdlePoll::kInputInterval.count());
  }
  polling_ = true;
  poll();
}

void X11IdleSource::disconnect() {
  idle_alarms_.clear();
  input_alarm_.reset();
  xsync_.reset();
  poll_.reset();
  poll_at_.reset();
  connection_.reset();
}

void X11IdleSource::reconnect() {
  try {
    connect();
    retry_.connected();
    spdlog::info("X11: connected to display {} again", display_);
  } catch (const std::exception& error) {
    disconnect();
    const std::string wait = retry_.schedule(clock_.now().boot);
    spdlog::debug("X11: reconnecting failed ({}), retrying in {}", error.what(), wait);
  }
}

void X11IdleSource::on_connection_lost(std::string_view why) {
  disconnect();
  reported_.clear();
  lost_ = true;
  const std::string what =
      std::string(why) + "; reconnecting in " + retry_.schedule(clock_.now().boot);
  spdlog::debug("X11: {}", what);  // the observer decides what it means, and logs it
  if (deadline_changed) notify("a new deadline", deadline_changed);
  // Last: the observer may destroy this source.
  notify("the lost display", [&] { observer_.on_idle_source_lost(what); });
}

void X11IdleSource::on_event(const xcb_generic_event_t& event) {
  if (event.response_type == 0) {
    const auto& error = reinterpret_cast<const xcb_generic_error_t&>(event);
    spdlog::debug("X11: X error {} on request {}.{}, ignoring", error.error_code, error.major_code,
                  error.minor_code);
    return;
  }
  if (!xsync_) return;
  if (const auto alarm = xsync_->as_alarm(event)) on_alarm(*alarm);
}

void X11IdleSource::arm_idle_alarms() {
  for (const auto threshold : thresholds_) {
    if (contains(reported_, threshold)) continue;  // until input comes
    if (std::ranges::any_of(idle_alarms_, [&](const auto& a) { return a.second == threshold; })) {
      continue;
    }
    idle_alarms_.emplace_back(xsync_->create_idle_alarm(threshold), threshold);
  }
}

void X11IdleSource::on_alarm(const XSyncAlarmEvent& alarm) {
  if (alarm.destroyed) return;  // we destroyed it
  // The counter's value when the alarm fired: backdate to the real moment of the input.
  const core::Instant moment = clock_.now().earlier_by(alarm.counter_value);
  if (input_alarm_ && alarm.alarm == input_alarm_->first) {
    const core::Duration at_most = input_alarm_->second;
    xsync_->destroy(alarm.alarm);  // it fired once and went inactive
    input_alarm_.reset();
    // An alarm whose value fails its own test is no news; it should not happen, but a wrong
    // on_input would end the user's idle time.
    if (alarm.counter_value > at_most) {
      spdlog::debug("X11: input alarm fired at {} ms, above {} ms; setting it again",
                    alarm.counter_value.count(), at_most.count());
      input_alarm_.emplace(xsync_->create_input_alarm(at_most), at_most);
      return;
    }
    reported_.clear();
    arm_idle_alarms();
    report_input(moment);
    return;
  }
  const auto it =
      std::ranges::find(idle_alarms_, alarm.alarm, [](const auto& a) { return a.first; });
  if (it == idle_alarms_.end()) return;  // destroyed since it fired: the thresholds changed
  const core::Duration threshold = it->second;
  xsync_->destroy(alarm.alarm);
  idle_alarms_.erase(it);
  if (alarm.counter_value < threshold) {  // as above
    spdlog::debug("X11: idle alarm {} ms fired at {} ms; setting it again", threshold.count(),
                  alarm.counter_value.count());
    arm_idle_alarms();
    return;
  }
  // Any input from now on makes the idle time fall below what it is now. NegativeComparison
  // means "at most" (SYNC protocol; xserver compares <=): at the value itself, which the
  // counter may still read when the alarm is made, it would fire at once.
  if (!input_alarm_) {
    const core::Duration at_most = alarm.counter_value - core::Duration{1};
    input_alarm_.emplace(xsync_->create_input_alarm(at_most), at_most);
  }
  report_idle(threshold, moment);
}

void X11IdleSource::poll() {
  const auto idle = poll_->query();
  const core::Instant now = clock_.now();
  connection_->kick();  // flushed, and any X error read with the reply handed over
  if (!idle) {          // the connection broke (kick() tells), or an X error: try again later
    poll_at_ = now.boot + X11IdlePoll::kInputInterval;
    return;
  }
  const core::Instant last_input = now.earlier_by(*idle);
  // The server's idle time stops during suspend, like the monotonic clock (not the boot clock).
  const bool input = !reported_.empty() && last_input.monotonic > away_since_ + kInputTolerance;
  if (input) reported_.clear();
  std::vector<core::Duration> reached;
  for (const auto threshold : thresholds_) {
    if (threshold <= *idle && !contains(reported_, threshold)) reached.push_back(threshold);
  }
  const bool away = !reported_.empty() || !reached.empty();
  const auto wait = X11IdlePoll::next_wait(*idle, next_unreported(*idle), away);
  poll_at_.reset();
  if (wait) poll_at_ = now.boot + *wait;
  // Reports last: the observer may call back into this source.
  if (lost_) {
    lost_ = false;
    report_state_after_reconnect(*idle, now);
  } else if (input) {
    report_input(last_input);
  }
  for (const auto threshold : reached) report_idle(threshold, last_input);
}

void X11IdleSource::report_idle(core::Duration threshold, const core::Instant& last_input) {
  if (contains(reported_, threshold)) return;
  if (reported_.empty()) away_since_ = last_input.monotonic;
  reported_.push_back(threshold);
  notify("on_idle", [&] { observer_.on_idle(threshold, last_input); });
}

void X11IdleSource::report_input(const core::Instant& at) {
  reported_.clear();
  notify("on_input", [&] { observer_.on_input(at); });
}

void X11IdleSource::report_state_after_reconnect(core::Duration idle, const core::Instant& now) {
  lost_ = false;
  // At or past a threshold, its report (on_idle, backdated) says it all.
  if (thresholds_.empty() || idle < thresholds_.front()) report_input(now.earlier_by(idle));
}

std::optional<core::Duration> X11IdleSource::next_unreported(core::Duration above) const {
  for (const auto threshold : thresholds_) {
    if (threshold > above && !contains(reported_, threshold)) return threshold;
  }
  return std::nullopt;
}

}  // namespace screentime::adapters
