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

bool WaylandIdleSource::start(std::span<const core::Duration> thresholds) {
  thresholds_ = distinct(thresholds);
  if (display_.empty()) {
    spdlog::info("wayland: WAYLAND_DISPLAY is not set; not using Wayland idle notifications");
    return false;
  }
  display_name_ = display_;
  try {
    connect();
  } catch (const WaylandError& error) {
    spdlog::info("wayland: {}; not using Wayland idle notifications", error.what());
    display_name_.clear();
    return false;
  }
  spdlog::debug("wayland: watching {} idle threshold(s) on \"{}\" with {}", thresholds_.size(),
                display_name_, protocol_);
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

void WaylandIdleSource::on_deadline() {
  if (!retry_at_ || clock_.now().boot < *retry_at_) return;
  retry_at_.reset();
  try {
    connect();
    retry_wait_ = kFirstRetry;
    spdlog::info("wayland: connected to \"{}\" again", display_name_);
  } catch (const WaylandError& error) {
    retry_at_ = clock_.now().boot + retry_wait_;
    spdlog::debug("wayland: reconnecting failed ({}), retrying in {}", error.what(),
                  seconds_text(retry_wait_));
    retry_wait_ = std::min(retry_wait_ * 2, kMaxRetry);
  }
}

void WaylandIdleSource::connect() {
  WaylandIdleSession::Handler& handler = *this;  // a private base: converted here, where visible
  session_ = std::make_unique<WaylandIdleSession>(io_, display_name_, thresholds_, kConnectTimeout,
                                                  handler);
  protocol_ = session_->protocol();
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
  lost_session_ = std::move(session_);
  boost::asio::post(io_, [this, alive = std::weak_ptr<bool>(alive_)] {
    if (!alive.expired()) lost_session_.reset();
  });
  end_idle_spell();
  retry_at_ = clock_.now().boot + retry_wait_;
  const std::string what =
      "\"" + display_name_ + "\": " + why + "; reconnecting in " + seconds_text(retry_wait_);
  retry_wait_ = std::min(retry_wait_ * 2, kMaxRetry);
  spdlog::debug("wayland: {}", what);  // the observer tells the user
  notify("a lost compositor", [&] { observer_.on_idle_source_lost(what); });
  if (deadline_changed) notify("a new deadline", deadline_changed);
}

void WaylandIdleSource::end_idle_spell() {
  reported_.clear();
  away_since_.reset();
}

}  // namespace screentime::adapters
