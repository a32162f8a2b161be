#include "daemon/app/daemon.hpp"

#include <spdlog/spdlog.h>

#include <csignal>
#include <thread>

#include "daemon/adapters/system/sd_notify.hpp"
#include "daemon/adapters/system/system_clock.hpp"
#include "daemon/app/config_lookup.hpp"
#include "daemon/core/duration_text.hpp"
#include "daemon/core/schedule.hpp"

namespace screentime::app {
namespace {

constexpr core::Duration kRetentionCheckEvery = std::chrono::hours{24};
constexpr int kFlushAttemptsAtExit = 3;

}  // namespace

Daemon::Daemon(boost::asio::io_context& io, const core::Clock& clock,
               std::unique_ptr<core::HistoryStore> store, DaemonSetup setup)
    : io_(io),
      clock_(clock),
      store_(std::move(store)),
      setup_(std::move(setup)),
      tracker_(clock_, setup_.boot_id, setup_.config.config.checkpoint_interval),
      timer_(io, [this] { on_deadline(); }),
      signals_(io, SIGTERM, SIGINT, SIGHUP),
      commands_(*this),
      control_(io, clock_, setup_.socket, commands_),
      arbiter_(arbiter_settings()),
      session_activity_(*this),
      input_activity_(*this),
      sources_(io, clock_,
               {session_activity_, input_activity_,
                [this](std::vector<core::Inhibitor> held) {
                  arbiter_.set_inhibitors(std::move(held), clock_.now());
                  reevaluate();
                },
                [this](bool active) {
                  arbiter_.set_screensaver_active(active, clock_.now());
                  reevaluate();
                },
                [this] { rearm(); }, [this] { reevaluate(); },
                [this](const std::string& name) {
                  arbiter_.set_input_source(name);
                  reevaluate();
                }}),
      reminders_(io, *this) {
  control_.server().deadline_changed = [this] { rearm(); };
}

void Daemon::start() {
  // SIGPIPE would kill the daemon when a client goes away mid-reply.
  std::signal(SIGPIPE, SIG_IGN);
  // First: a second daemon for the same user must stop here, before it writes anything.
  control_.start();
  record(tracker_.start(store_->last_seen(setup_.user)));
  start_activity_source();
  reminders_.start(setup_.notifications);
  reevaluate();
  watch_files();
  wait_for_signal();
  rearm();
  adapters::notify_systemd("READY=1");
}

UsageReport Daemon::report() const {
  return UsageReport(clock_, *store_, tracker_, setup_.user, setup_.config.config.day_start);
}

std::string Daemon::activity_source() const { return sources_.describe(); }

core::ArbiterSettings Daemon::arbiter_settings() const {
  return {setup_.config.config.idle_threshold, setup_.config.config.inhibitor_cap};
}

void Daemon::start_activity_source() {
  arbiter_.set_input_source(sources_.start(setup_.config.config));
  reevaluate();
}

void Daemon::reevaluate() {
  const auto now = clock_.now();
  const auto state = arbiter_.decide(now);
  report_state(state.since, state.decision);
  reminders_.update(arbiter_.presence(now), presenting());
}

bool Daemon::presenting() const {
  // A fullscreen window, or something inhibiting idle (a video, a presentation).
  return sources_.presenting() || !arbiter_.inhibitors().empty();
}

void Daemon::input_source_lost() {
  arbiter_.set_input_source("");
  reevaluate();
}

void Daemon::input_source_back() {
  if (arbiter_.input_source().empty()) arbiter_.set_input_source(sources_.input_name());
}

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
    if (!error) on_signal(signal);
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
  const auto now = clock_.now().boot;
  record(tracker_.wake_up());
  if (store_retry_ && *store_retry_ <= now) flush();
  sources_.on_deadline();
  control_.server().on_deadline();
  reevaluate();  // the inhibitor cap may have run out; the reminders catch up too
  rearm();
}

void Daemon::on_clock_or_zone_change() {
  spdlog::debug("wall clock or time zone changed");
  record(tracker_.wake_up());
  reminders_.on_deadline();  // "pause until 14:00" is on the wall clock
  control_.publish_state();
  rearm();
}

bool Daemon::reload_config() {
  adapters::notify_systemd("RELOADING=1");
  auto choice = load_config_or_keep(setup_.config.file, setup_.config.config, "the current config");
  if (choice.loaded) {
    setup_.config.config = std::move(choice.config);
    setup_.config.in_force = setup_.config.file ? "file" : "defaults";
    setup_.config.errors.clear();
    tracker_.set_checkpoint_interval(setup_.config.config.checkpoint_interval);
    arbiter_.set_settings(arbiter_settings());
    sources_.set_thresholds(activity_thresholds(setup_.config.config));
    reminders_.set_settings(setup_.config.config.breaks);
    reevaluate();
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
  store_->purge_before(setup_.user, cutoff);
  flush();
}

void Daemon::report_state(const core::Instant& at, const core::StateDecision& decision) {
  const auto before = tracker_.accountant().open_interval(clock_.now());
  record(tracker_.change_state(at, decision.state, decision.source, decision.detail));
  const auto after = tracker_.accountant().open_interval(clock_.now());
  const bool changed = !before || !after || before->state != after->state ||
                       before->source != after->source || before->detail != after->detail;
  if (!changed) return;
  spdlog::debug("state {} ({}{}{})", core::to_string(decision.state), decision.source,
                decision.detail.empty() ? "" : ": ", decision.detail);
  control_.publish_state();
}

void Daemon::flush_now() { flush(); }

void Daemon::stop() {
  adapters::notify_systemd("STOPPING=1");
  reminders_.save_snapshot();  // written by the final flush below
  record(tracker_.stop());
  for (int attempt = 1; attempt < kFlushAttemptsAtExit && store_->pending() > 0; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds{200});
    flush();
  }
  if (store_->pending() > 0) {
    spdlog::error("could not write {} interval(s) of history before exiting; they are lost",
                  store_->pending());
  }
  io_.stop();
}

void Daemon::record(core::TrackerOutput output) {
  for (const auto& note : output.notes) {
    spdlog::debug("accounting: {} by {}", core::to_string(note.kind),
                  core::format_duration(note.amount));
  }
  for (const auto& interval : output.closed) store_->append(setup_.user, interval);
  if (output.checkpoint) {
    store_->save_last_seen(setup_.user, *output.checkpoint);
    reminders_.save_snapshot();  // in the same flush: no write of its own
  }
  if (!output.closed.empty() || output.checkpoint) flush();
  rearm();
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
  store_->purge_before(setup_.user, now.wall - *setup_.config.config.retention);
  return true;
}

void Daemon::rearm() {
  timer_.arm(core::next_deadline({tracker_.next_deadline(), store_retry_, sources_.next_deadline(),
                                  arbiter_.next_deadline(clock_.now()),
                                  control_.server().next_deadline(), reminders_.next_deadline()}));
}

}  // namespace screentime::app
