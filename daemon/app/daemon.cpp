#include "daemon/app/daemon.hpp"

#include <spdlog/spdlog.h>

#include <csignal>

#include "daemon/adapters/system/loop_edge.hpp"
#include "daemon/adapters/system/sd_notify.hpp"
#include "daemon/adapters/system/system_clock.hpp"
#include "daemon/app/config_lookup.hpp"
#include "daemon/core/duration_text.hpp"
#include "daemon/core/schedule.hpp"

namespace screentime::app {
namespace {

constexpr core::Duration kRetentionCheckEvery = std::chrono::hours{24};
// At a stop, history that cannot be written yet (a locked file) is retried on the store's
// back-off for at most this long; then the daemon exits and says what was lost.
constexpr core::Duration kShutdownGrace = std::chrono::seconds{2};
constexpr core::Duration kFirstRetryAtExit = std::chrono::milliseconds{200};

}  // namespace

Daemon::Daemon(boost::asio::io_context& io, const core::Clock& clock,
               std::unique_ptr<core::HistoryStore> store, DaemonSetup setup)
    : io_(io),
      clock_(clock),
      store_(std::move(store)),
      setup_(std::move(setup)),
      history_(*store_, setup_.user),
      session_(clock_, setup_.boot_id, core::session_settings(setup_.config.config), history_),
      timer_(io, [this] { on_deadline(); }),
      signals_(io, SIGTERM, SIGINT, SIGHUP),
      commands_(*this),
      control_(io, clock_, setup_.socket, commands_),
      session_activity_(*this),
      input_activity_(*this),
      sources_(io, clock_,
               {session_activity_, input_activity_,
                [this](std::vector<core::Inhibitor> held) {
                  session_.set_inhibitors(std::move(held));
                  settle();
                },
                [this](bool active) {
                  session_.set_screensaver_active(active);
                  settle();
                },
                [this] { rearm(); },
                [this] {
                  session_.set_fullscreen(sources_.presenting());
                  settle();
                },
                [this](const std::string& name) {
                  session_.set_input_source(name);
                  settle();
                }}),
      reminders_(io, *this) {
  control_.server().deadline_changed = [this] { rearm(); };
}

void Daemon::start() {
  // SIGPIPE would kill the daemon when a client goes away mid-reply.
  std::signal(SIGPIPE, SIG_IGN);
  // First: a second daemon for the same user must stop here, before it writes anything.
  control_.start();
  const auto saved_breaks = reminders_.saved_snapshot();
  session_.start(store_->last_seen(setup_.user), saved_breaks);
  if (saved_breaks) reminders_.log_restored(*saved_breaks);
  settle();
  start_activity_source();
  reminders_.start(setup_.notifications);
  reminders_.show(session_.breaks().visible());  // a reminder the saved state brought back
  settle();
  watch_files();
  wait_for_signal();
  rearm();
  adapters::notify_systemd("READY=1");
}

UsageReport Daemon::report() const {
  return UsageReport(clock_, *store_, session_.accountant(), setup_.user,
                     setup_.config.config.day_start);
}

std::string Daemon::activity_source() const { return sources_.describe(); }

void Daemon::start_activity_source() {
  session_.set_input_source(sources_.start(setup_.config.config, setup_.session));
  session_.refresh();  // with no source at all, that is known now too
  settle();
}

void Daemon::settle() {
  auto output = session_.drain();
  store_decisions(output);
  if (output.state_changed) {
    const auto open = session_.accountant().open_interval(clock_.now());
    if (open) {
      spdlog::debug("state {} ({}{}{})", core::to_string(open->state), open->source,
                    open->detail.empty() ? "" : ": ", open->detail);
    }
    control_.publish_state();
  }
  if (output.reminder_changed) reminders_.show(session_.breaks().visible());
  rearm();
}

void Daemon::input_source_lost() {
  session_.set_input_source("");
  settle();
}

void Daemon::input_source_back() { session_.set_input_source(sources_.input_name()); }

void Daemon::watch_files() {
  wall_clock_watch_.emplace(io_, [this] { on_clock_or_zone_change(); });
  try {
    zone_watch_.emplace(io_, "/etc/localtime", [this] {
      adapters::SystemClock::reload_time_zone();
      on_clock_or_zone_change();
    });
  } catch (const std::exception& error) {
    spdlog::warn("cannot watch /etc/localtime ({}); zone changes are seen at the next event",
                 error.what());
  }
  if (!setup_.config.file) return;
  try {
    config_watch_.emplace(io_, *setup_.config.file, [this] {
      spdlog::info("config file changed, reloading");
      reload_config();
    });
  } catch (const std::exception& error) {
    spdlog::warn("cannot watch \"{}\" ({}); reload with SIGHUP or screentimectl",
                 setup_.config.file->string(), error.what());
  }
}

void Daemon::wait_for_signal() {
  signals_.async_wait([this](const boost::system::error_code& error, int signal) {
    if (error) return;  // cancelled: the loop is shutting down
    adapters::at_loop_edge("signal", [this, signal] { on_signal(signal); });
  });
}

void Daemon::on_signal(int signal) {
  if (signal == SIGHUP) {
    reload_config();
    wait_for_signal();
    return;
  }
  spdlog::info("stopping on {}", signal == SIGTERM ? "SIGTERM" : "SIGINT");
  stop();
}

void Daemon::on_deadline() {
  try {
    const auto now = clock_.now().boot;
    if (store_retry_ && *store_retry_ <= now) flush();
    if (stop_by_) return finish_stop_when_written();
    sources_.on_deadline();
    control_.server().on_deadline();
    session_.wake_up();  // checkpoints, the inhibitor cap, the reminders
    settle();
  } catch (...) {
    rearm();  // whatever failed, the next deadline must still come
    throw;    // logged at the loop's edge
  }
}

void Daemon::on_clock_or_zone_change() {
  spdlog::debug("wall clock or time zone changed");
  session_.wake_up();  // "pause until 14:00" is on the wall clock
  settle();
  control_.publish_state();
}

bool Daemon::reload_config() {
  adapters::notify_systemd("RELOADING=1");
  auto choice = load_config_or_keep(setup_.config.file, setup_.config.config, "the current config");
  if (choice.loaded) {
    setup_.config.config = std::move(choice.config);
    setup_.config.in_force = setup_.config.file ? "file" : "defaults";
    setup_.config.errors.clear();
    session_.set_settings(core::session_settings(setup_.config.config));
    sources_.set_thresholds(activity_thresholds(setup_.config.config));
    settle();
    last_purge_.reset();
    if (purge_if_due()) flush();
    rearm();
  } else {
    setup_.config.in_force =
        setup_.config.in_force == "file" ? "last-good" : setup_.config.in_force;
    setup_.config.errors = std::move(choice.errors);
  }
  adapters::notify_systemd("READY=1");
  return choice.loaded;
}

void Daemon::forget_before(core::WallTime cutoff) {
  spdlog::info("forgetting history before {}", cutoff.time_since_epoch().count());
  store_->purge_before(cutoff);
  flush();
  session_.reread_goal();  // today's figure may be gone
  settle();
}

void Daemon::flush_now() { flush(); }

void Daemon::stop() {
  if (stop_by_) return;  // a second SIGTERM while the last writes are retried
  adapters::notify_systemd("STOPPING=1");
  session_.stop();  // its checkpoint carries the break state, written by the flush below
  settle();
  reminders_.close();
  stop_by_ = clock_.now().boot + kShutdownGrace;
  if (store_->pending() > 0 && store_retry_) {
    store_retry_ = std::min(*store_retry_, clock_.now().boot + kFirstRetryAtExit);
  }
  finish_stop_when_written();
}

// No sleeping in the loop: the retries come from the deadline timer, bounded by stop_by_.
void Daemon::finish_stop_when_written() {
  if (store_->pending() > 0 && clock_.now().boot < *stop_by_) {
    rearm();
    return;
  }
  if (store_->pending() > 0) {
    spdlog::error("could not write {} interval(s) of history before exiting; they are lost",
                  store_->pending());
  }
  io_.stop();
}

void Daemon::store_decisions(core::SessionOutput& output) {
  bool written = false;
  for (const auto& step : output.tracker) {
    for (const auto& note : step.notes) {
      spdlog::debug("accounting: {} by {}", core::to_string(note.kind),
                    core::format_duration(note.amount));
    }
    for (const auto& interval : step.closed) store_->append(setup_.user, interval);
    if (step.checkpoint) store_->save_last_seen(setup_.user, *step.checkpoint);
    written = written || !step.closed.empty() || step.checkpoint;
  }
  // In the same flush as its checkpoint: no write of its own.
  if (output.break_snapshot) store_->save_break_snapshot(setup_.user, *output.break_snapshot);
  for (auto& event : output.break_events) {
    event.offset = clock_.utc_offset(event.at);
    spdlog::debug("break {} {}{}{}", core::to_string(event.kind), core::to_string(event.type),
                  event.detail.empty() ? "" : ": ", event.detail);
    if (!core::is_stored(event.type)) continue;
    store_->append_break_event(setup_.user, event);
    written = true;
  }
  if (written) flush();
}

void Daemon::flush() {
  const auto outcome = store_->flush();
  if (outcome.written) {
    if (store_retry_) spdlog::info("history written again; nothing was lost");
    store_retry_.reset();
    // The purge is queued like any write; its own flush finds nothing more due.
    if (purge_if_due()) flush();
    return;
  }
  const auto retry_after = outcome.retry_after.value_or(std::chrono::seconds{1});
  spdlog::warn("could not write history: {}; {} interval(s) kept in memory, retrying in {}",
               outcome.error, store_->pending(), core::format_duration(retry_after));
  store_retry_ = clock_.now().boot + retry_after;
  rearm();
}

bool Daemon::purge_if_due() {
  if (!setup_.config.config.retention) return false;
  const auto now = clock_.now();
  // Checked when history is written anyway, so retention costs no wakeup of its own.
  if (last_purge_ && now.boot - *last_purge_ < kRetentionCheckEvery) return false;
  last_purge_ = now.boot;
  store_->purge_before(now.wall - *setup_.config.config.retention);
  return true;
}

void Daemon::rearm() {
  const auto session_due = session_.next_deadline();
  timer_.arm(core::next_deadline({session_due ? std::optional(session_due->at) : std::nullopt,
                                  store_retry_, stop_by_, sources_.next_deadline(),
                                  control_.server().next_deadline()}));
}

}  // namespace screentime::app
