#pragma once
// UserSession: one user's screen time, pure. It holds the user's accounting (UsageTracker),
// the merge of what the activity sources say (ActivityArbiter), the take-a-break reminders
// (BreakScheduler) and the daily goal's figure (GoalFeed), and applies the rules between
// them: the arbiter's decision is what is recorded, its presence is what breaks count, a
// fullscreen window or an idle inhibitor holds reminders back, an unannounced suspend is an
// away spell, the break state is saved with every checkpoint.
//
// The daemon (one per user it accounts) and screentime-replay feed it the same events and act
// on the same decisions: after each call, drain() says what to store, show and tell. No I/O;
// time only through the Clock; loop thread only.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/core/activity_arbiter.hpp"
#include "daemon/core/break_scheduler.hpp"
#include "daemon/core/config.hpp"
#include "daemon/core/goal_feed.hpp"
#include "daemon/core/limit_policy.hpp"
#include "daemon/core/usage_tracker.hpp"

namespace screentime::core {

// What of the config applies to one user's session.
struct SessionSettings {
  Duration checkpoint_every = std::chrono::minutes{5};
  ArbiterSettings activity;
  BreakSettings breaks;
  DayStart day_start = kDefaultDayStart;
  // The system role's: after a crash, the last checkpoint's state is kept up to one
  // checkpoint interval into the gap (AccountantSettings::crash_gap_kept).
  bool keep_state_through_crash = false;
  friend bool operator==(const SessionSettings&, const SessionSettings&) = default;
};
SessionSettings session_settings(const Config& config);
// What the input idle source must watch for: the idle threshold and each enabled break's
// length (a break counts only when the user was away that long), sorted, once each.
std::vector<Duration> input_thresholds(const SessionSettings& settings);

// The user's stored history, as far as the session reads it: active time on a local day in
// the intervals already closed (the store in the daemon, memory in screentime-replay).
class UsageHistory {
 public:
  virtual ~UsageHistory() = default;
  virtual Duration stored_active_on(LocalDate day, DayStart day_start) const = 0;
  // Extra time a parent granted for the local day (the system role); none where nobody grants.
  virtual Duration granted_on(LocalDate /*day*/) const { return Duration::zero(); }
};

// What the session decided since the last drain(), in order: the tracker's steps, then the
// break events, then whether the visible reminder or the recorded state changed.
struct SessionOutput {
  std::vector<TrackerOutput> tracker;
  // With each checkpoint: where the break timers stand, for the next run (same flush).
  std::optional<BreakSnapshot> break_snapshot;
  std::vector<BreakEvent> break_events;
  bool reminder_changed = false;
  bool state_changed = false;
  // The limit policy's warnings, time up, actions and "allowed again", in order.
  std::vector<LimitNotice> limit_notices;
};

// Whose deadline it is: a checkpoint, the arbiter (an inhibitor's cap), the reminders, or a
// new local day (the goal's figure starts again).
enum class DeadlineReason : std::uint8_t { checkpoint, activity, breaks, day, limits };
std::string_view to_string(DeadlineReason reason);

struct SessionDeadline {
  BootTime at{};
  DeadlineReason reason = DeadlineReason::checkpoint;
  friend bool operator==(const SessionDeadline&, const SessionDeadline&) = default;
};

class UserSession {
 public:
  UserSession(const Clock& clock, std::string boot_id, SessionSettings settings,
              const UsageHistory& history);

  // Closes what the last run left (`previous`) and goes on from the break state it saved.
  void start(const std::optional<LastSeen>& previous, const std::optional<BreakSnapshot>& saved);
  // A clean stop: closes the open interval; the checkpoint carries the break state.
  void stop();
  void set_settings(const SessionSettings& settings);
  const SessionSettings& settings() const { return settings_; }

  // What the sources say (see ActivityArbiter for each).
  void set_login_session(std::optional<SessionFacts> facts, std::optional<Instant> idle_since = {});
  void before_sleep();
  void after_sleep();
  void set_screensaver_active(bool active);
  void set_input_source(std::string name);
  // The input source saw no input since `last_input` for `threshold`: a break's length makes
  // the user away for reminders; only the idle threshold makes the recorded state idle.
  void input_idle(Duration threshold, const Instant& last_input);
  // No input since `last_input` for a break's length (presence only).
  void input_paused(const Instant& last_input);
  void input_seen();
  void set_inhibitors(std::vector<Inhibitor> held);
  // A fullscreen window: someone presents or watches; reminders hold back.
  void set_fullscreen(bool on);
  // A source that states the state itself (screentime-replay's `state` events).
  void report_state(std::optional<StateDecision> state, const Instant& since);

  // The deadline came, or the wall clock or the time zone changed: catch up.
  void wake_up();

  // Reminders: the user's answers, the notification server, screentimectl pause.
  AnswerResult answer(BreakAnswer answer);
  void dismissed();
  void set_do_not_disturb(bool on);
  void pause_until(std::optional<WallTime> until);
  // History changed under the session (forget, a figure from elsewhere): read the goal's
  // figure again.
  void reread_goal();
  // Limits a parent set (the system role), or none. The time counted before comes from the
  // history (active time this week, by local midnight); from then on the policy counts what
  // the recorded state says: active always, idle when the limits say so.
  void set_limits(std::optional<UserLimits> limits);
  // Extra time for today.
  void grant(Duration extra);
  const LimitPolicy* limits() const { return limits_ ? &*limits_ : nullptr; }

  // Records what the sources say now: once they have started, after start().
  void refresh();

  std::optional<SessionDeadline> next_deadline() const;
  SessionOutput drain();

  const Accountant& accountant() const { return tracker_.accountant(); }
  const ActivityArbiter& arbiter() const { return arbiter_; }
  const BreakScheduler& breaks() const { return *breaks_; }
  // Active time on a local day: stored history plus the open interval.
  Duration active_on(LocalDate day) const;
  bool presenting() const { return fullscreen_ || !arbiter_.inhibitors().empty(); }

 private:
  // Records what the arbiter now decides, then lets the reminders catch up.
  void reevaluate();
  // Active time that input alone says was idle (ActivityArbiter::idle_before) is recorded as
  // idle from the last input before what ends it: a lock, a suspend or input at the same
  // moment as the idle report, or before it, gives the history the report would have given.
  void record_idle_before(const Instant& now);
  void record(TrackerOutput output);
  void sync_reminders();
  void sync_goal();
  void sync_limits();
  void seed_limits();
  // The next local day's start, while the goal needs to know of it: it counts, or its
  // notice is up.
  std::optional<BootTime> next_day_for_goal(const Instant& now) const;

  const Clock& clock_;
  SessionSettings settings_;
  const UsageHistory& history_;
  UsageTracker tracker_;
  ActivityArbiter arbiter_;
  std::unique_ptr<BreakScheduler> breaks_;
  GoalFeed goal_feed_;
  std::optional<SessionFacts> login_session_;  // as logind last said, sleep aside
  bool sleeping_ = false;                      // between before_sleep() and after_sleep()
  bool fullscreen_ = false;
  bool present_ = true;  // as last told to the scheduler
  bool presenting_ = false;
  std::optional<Reminder> reminder_drained_;
  SessionOutput pending_;
  std::optional<LimitPolicy> limits_;
};

}  // namespace screentime::core
