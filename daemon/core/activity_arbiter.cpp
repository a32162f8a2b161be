#include "daemon/core/activity_arbiter.hpp"

namespace screentime::core {
namespace {

std::string describe(const Inhibitor& inhibitor) {
  std::string text = "inhibitor: " + inhibitor.who;
  if (!inhibitor.why.empty()) text += " (" + inhibitor.why + ")";
  return text;
}

}  // namespace

void ActivityArbiter::set_session(std::optional<SessionFacts> facts, const Instant& now,
                                  std::optional<Instant> idle_since) {
  const bool was_out_of_reach = screen_out_of_reach();
  session_ = facts;
  hint_idle_since_.reset();
  if (facts && facts->idle) hint_idle_since_ = idle_since;
  note_screen_back(was_out_of_reach, now);
}

void ActivityArbiter::set_screensaver_active(bool active, const Instant& now) {
  const bool was_out_of_reach = screen_out_of_reach();
  screensaver_active_ = active;
  note_screen_back(was_out_of_reach, now);
}

void ActivityArbiter::set_reported_state(std::optional<StateDecision> state, const Instant& since) {
  reported_.reset();
  if (state) reported_ = ArbitratedState{std::move(*state), since};
  input_paused_since_.reset();
}

bool ActivityArbiter::screen_out_of_reach() const {
  if (screensaver_active_) return true;
  return session_ && (session_->sleeping || session_->locked || !session_->in_front);
}

void ActivityArbiter::note_screen_back(bool was_out_of_reach, const Instant& now) {
  if (was_out_of_reach && !screen_out_of_reach()) screen_back_ = now;
}

Instant ActivityArbiter::not_before_screen_back(const Instant& away_since) const {
  if (screen_back_ && screen_back_->boot > away_since.boot) return *screen_back_;
  return away_since;
}

void ActivityArbiter::set_inhibitors(std::vector<Inhibitor> inhibitors, const Instant& now) {
  if (!inhibitors_.empty() && inhibitors.empty()) inhibitors_released_ = now;
  inhibitors_ = std::move(inhibitors);
}

void ActivityArbiter::set_input_source(std::string name) {
  input_source_ = std::move(name);
  last_input_.reset();
}

ArbitratedState ActivityArbiter::decide(const Instant& now) const {
  if (session_ && session_->sleeping) return {decide_session_state(*session_, "logind"), now};
  if (reported_) return {reported_->decision, not_before_screen_back(reported_->since)};
  if (session_) {
    const SessionFacts& facts = *session_;
    if (facts.sleeping || !facts.in_front || facts.locked) {
      return {decide_session_state(facts, "logind"), now};
    }
  }
  if (screensaver_active_) {
    return {{ActivityState::locked, "screensaver", "screen saver active"}, now};
  }
  if (!input_source_.empty()) {
    if (last_input_) return away(now, *last_input_, input_source_, "no input");
    return {{ActivityState::active, input_source_, ""}, now};
  }
  if (session_) {
    // No input source: the desktop's IdleHint is all there is, and it says nothing about
    // when input stopped beyond what the caller backdated.
    if (session_->idle) return away(now, hint_idle_since_.value_or(now), "logind", "IdleHint");
    return {{ActivityState::active, "logind", ""}, now};
  }
  return {{ActivityState::unknown, "none", "no activity source"}, now};
}

std::optional<ArbitratedState> ActivityArbiter::idle_before(const Instant& now) const {
  if (input_source_.empty() || reported_) return std::nullopt;
  std::optional<Instant> stopped = last_input_;
  if (!stopped && input_paused_since_ &&
      now.boot - input_paused_since_->boot >= settings_.idle_threshold) {
    stopped = input_paused_since_;
  }
  if (!stopped) return std::nullopt;
  ArbitratedState state = away(now, *stopped, input_source_, "no input");
  if (state.decision.state != ActivityState::idle || state.since.boot >= now.boot) {
    return std::nullopt;
  }
  return state;
}

ArbitratedState ActivityArbiter::away(const Instant& now, const Instant& input_stopped,
                                      std::string source, std::string detail) const {
  const Instant away_since = not_before_screen_back(input_stopped);
  if (inhibitors_.empty()) {
    // Time an inhibitor held stays active: idle starts no earlier than its release.
    Instant since = away_since;
    if (inhibitors_released_ && inhibitors_released_->boot > since.boot) {
      since = *inhibitors_released_;
    }
    return {{ActivityState::idle, std::move(source), std::move(detail)}, since};
  }
  const Instant cap_reached = away_since.earlier_by(-settings_.inhibitor_cap);
  if (now.boot < cap_reached.boot) {
    const Inhibitor& holder = inhibitors_.front();
    return {{ActivityState::active, holder.source, describe(holder)}, now};
  }
  return {{ActivityState::idle, std::move(source),
           "inhibitor held past the cap: " + describe(inhibitors_.front())},
          cap_reached};
}

std::optional<BootTime> ActivityArbiter::next_deadline(const Instant& now) const {
  if (inhibitors_.empty()) return std::nullopt;
  std::optional<Instant> away_since = last_input_;
  if (input_source_.empty() && session_ && session_->idle) {
    away_since = hint_idle_since_.value_or(now);
  }
  if (!away_since) return std::nullopt;
  const BootTime cap_reached = not_before_screen_back(*away_since).boot + settings_.inhibitor_cap;
  if (cap_reached <= now.boot) return std::nullopt;
  return cap_reached;
}

Presence ActivityArbiter::presence(const Instant& now) const {
  const auto state = decide(now);
  if (state.decision.state != ActivityState::active) return {false, state.since};
  if (input_paused_since_ && inhibitors_.empty()) {
    return {false, not_before_screen_back(*input_paused_since_)};
  }
  return {true, now};
}

}  // namespace screentime::core
