#include "daemon/adapters/wayland/wayland_idle_source.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdlib>
#include <exception>

namespace screentime::adapters {
namespace {

// Reconnecting to a compositor that went away: 1 s, doubling, at most a minute. A compositor
// that crashed and restarts (or is restarted by its session) is back within seconds.
constexpr core::Duration kFirstRetry = std::chrono::seconds{1};
constexpr core::Duration kMaxRetry = std::chrono::minutes{1};
// How long connecting waits for the compositor's first answer.
constexpr std::chrono::milliseconds kConnectTimeout = std::chrono::seconds{5};

// Observer calls are the edge of a loop callback: nothing may unwind past them.
template <class Call>
void notify(const char* what, const Call& call) noexcept {
  try {
    call();
  } catch (const std::exception& error) {
    spdlog::error("wayland: handling {} failed: {}", what, error.what());
  }
}

// One notification object per distinct threshold; a negative one means "at once".
std::vector<core::Duration> distinct(std::span<const core::Duration> thresholds) {
  std::vector<core::Duration> result;
  for (const core::Duration threshold : thresholds) {
    result.push_back(std::max(threshold, core::Duration::zero()));
  }
  std::ranges::sort(result);
  const auto [first, last] = std::ranges::unique(result);
  result.erase(first, last);
  return result;
}

std::string seconds_text(core::Duration wait) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wait).count()) + " s";
}

}  // namespace

WaylandIdleSource::WaylandIdleSource(boost::asio::io_context& io, const core::Clock& clock,
                                     core::IdleObserver& observer, std::string display)
    : io_(io),
      clock_(clock),
      observer_(observer),
      display_(std::move(display)),
      retry_wait_(kFirstRetry) {}

WaylandIdleSource::~WaylandIdleSource() = default;

void WaylandIdleSource::start_async(std::span<const core::Duration> thresholds, Started started) {
  if (!begin_connecting(thresholds, std::move(started))) return;
  try {
    connecting_->watch();  // the answer: on_ready() or on_lost(), or none by connect_by_
  } catch (const WaylandError& error) {
    return abandon_connecting(error.what());
  }
  announce_deadline();
}

bool WaylandIdleSource::start(std::span<const core::Duration> thresholds) {
  std::optional<bool> works;
  if (begin_connecting(thresholds, [&works](bool started) { works = started; })) {
    try {
      connecting_->wait(kConnectTimeout);  // on_ready() or on_lost() have run
    } catch (const WaylandError& error) {
      abandon_connecting(error.what());
    }
  }
  starting_ = nullptr;  // it points at `works`
  return works.value_or(false);
}

bool WaylandIdleSource::begin_connecting(std::span<const core::Duration> thresholds,
                                         Started started) {
  thresholds_ = distinct(thresholds);
  starting_ = std::move(started);
  if (display_.empty()) {
    spdlog::info("wayland: WAYLAND_DISPLAY is not set; not using Wayland idle notifications");
    finish_start(false);
    return false;
  }
  display_name_ = display_;
  try {
    connect();
  } catch (const WaylandError& error) {
    connect_failed(error.what());
    return false;
  }
  return true;
}

void WaylandIdleSource::set_thresholds(std::span<const core::Duration> thresholds) {
  thresholds_ = distinct(thresholds);
  if (session_) session_->set_thresholds(thresholds_);  // else given on (re)connecting
}

std::string WaylandIdleSource::describe() const {
  if (display_name_.empty()) return "Wayland idle notifications (not started)";
  // Until a compositor that came back has answered, the protocol the last one offered.
  std::string text = "Wayland " + protocol_ + " on " + display_name_;
  if (!session_) text += " (compositor gone, reconnecting)";
  return text;
}

std::optional<core::BootTime> WaylandIdleSource::next_deadline() const {
  if (connect_by_ && (!retry_at_ || *connect_by_ < *retry_at_)) return connect_by_;
  return retry_at_;
}

void WaylandIdleSource::on_deadline() {
  const core::BootTime now = clock_.now().boot;
  // From the timer, not from inside the session: it can go at once.
  if (connect_by_ && now >= *connect_by_) {
    abandon_connecting("the compositor did not answer in time");
  }
  if (!retry_at_ || now < *retry_at_) return;
  retry_at_.reset();
  try {
    connect();
    connecting_->watch();
  } catch (const WaylandError& error) {
    abandon_connecting(error.what());
  }
}

void WaylandIdleSource::connect() {
  WaylandIdleSession::Handler& handler = *this;  // a private base: converted here, where visible
  connecting_ = std::make_unique<WaylandIdleSession>(io_, display_name_, handler);
  connect_by_ = clock_.now().boot + kConnectTimeout;
}

void WaylandIdleSource::abandon_connecting(const std::string& why) {
  connecting_.reset();
  connect_by_.reset();
  connect_failed(why);
}

void WaylandIdleSource::connect_failed(const std::string& why) {
  if (starting_) {
    spdlog::info("wayland: {}; not using Wayland idle notifications", why);
    display_name_.clear();
    return finish_start(false);
  }
  retry_at_ = clock_.now().boot + retry_wait_;
  spdlog::debug("wayland: reconnecting failed ({}), retrying in {}", why,
                seconds_text(retry_wait_));
  retry_wait_ = std::min(retry_wait_ * 2, kMaxRetry);
  announce_deadline();
}

void WaylandIdleSource::finish_start(bool works) {
  Started started = std::move(starting_);
  starting_ = nullptr;
  if (started) notify("a start", [&] { started(works); });
}

void WaylandIdleSource::on_ready() {
  // Called from inside the session: it moves, it is not destroyed.
  session_ = std::move(connecting_);
  connect_by_.reset();
  protocol_ = session_->protocol();
  session_->set_thresholds(thresholds_);
  if (starting_) {
    spdlog::debug("wayland: watching {} idle threshold(s) on \"{}\" with {}", thresholds_.size(),
                  display_name_, protocol_);
    finish_start(true);
  } else {
    retry_wait_ = kFirstRetry;
    spdlog::info("wayland: connected to \"{}\" again", display_name_);
  }
  announce_deadline();
}

void WaylandIdleSource::on_idled(core::Duration threshold) {
  // Objects made anew during an idle spell (set_thresholds) report thresholds again.
  if (std::ranges::find(reported_, threshold) != reported_.end()) return;
  // `idled` carries no time: the user stopped `threshold` ago. Objects made during the spell
  // count from their creation, so an earlier start already known wins.
  core::Instant since = clock_.now().earlier_by(threshold);
  if (away_since_ && away_since_->boot < since.boot) since = *away_since_;
  away_since_ = since;
  reported_.push_back(threshold);
  spdlog::trace("wayland: idle for {} ms", threshold.count());
  notify("idle", [&] { observer_.on_idle(threshold, since); });
}

void WaylandIdleSource::on_resumed() {
  // Every notification that was idle says `resumed` for the same input: report the first.
  if (!away_since_) return;
  end_idle_spell();
  spdlog::trace("wayland: input again");
  notify("input", [&] { observer_.on_input(clock_.now()); });
}

void WaylandIdleSource::on_lost(const std::string& why) {
  // Called from inside the session: it is destroyed from the loop, once that has returned.
  const bool was_connecting = connecting_ != nullptr;  // never both: that one is calling
  lost_session_ = std::move(was_connecting ? connecting_ : session_);
  boost::asio::post(io_, [this, alive = std::weak_ptr<bool>(alive_)] {
    if (!alive.expired()) lost_session_.reset();
  });
  if (was_connecting) {
    connect_by_.reset();
    return connect_failed(why);
  }
  end_idle_spell();
  retry_at_ = clock_.now().boot + retry_wait_;
  const std::string what =
      "\"" + display_name_ + "\": " + why + "; reconnecting in " + seconds_text(retry_wait_);
  retry_wait_ = std::min(retry_wait_ * 2, kMaxRetry);
  spdlog::debug("wayland: {}", what);  // the observer tells the user
  notify("a lost compositor", [&] { observer_.on_idle_source_lost(what); });
  announce_deadline();
}

void WaylandIdleSource::end_idle_spell() {
  reported_.clear();
  away_since_.reset();
}

void WaylandIdleSource::announce_deadline() {
  if (deadline_changed) notify("a new deadline", deadline_changed);
}

}  // namespace screentime::adapters
