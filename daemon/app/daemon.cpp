#include "daemon/app/daemon.hpp"

#include <spdlog/spdlog.h>

#include <csignal>
#include <thread>

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
      tracker_(clock_, setup_.boot_id, setup_.config.checkpoint_interval),
      timer_(io, [this] { on_deadline(); }),
      signals_(io, SIGTERM, SIGINT, SIGHUP) {}

void Daemon::start() {
  record(tracker_.start(store_->last_seen(setup_.user)));
  choose_activity_source();
  signals_.async_wait([this](const boost::system::error_code& error, int signal) {
    if (!error) on_signal(signal);
  });
}

void Daemon::choose_activity_source() {
  // No session or input source is wired into this build yet: the fallback is to record
  // time as "unknown" rather than guess. Said once, at start, with what it means.
  const bool chosen = setup_.config.activity_source == "none";
  spdlog::info(
      "activity source: none ({}): screen use cannot be observed, so all time is recorded as "
      "\"unknown\"",
      chosen ? "set in the config" : "fallback, no supported source found");
  record(tracker_.change_state(clock_.now(), core::ActivityState::unknown, "none",
                               chosen ? "activity source set to none" : "no activity source"));
}

void Daemon::on_signal(int signal) {
  if (signal == SIGHUP) {
    reload_config();
    signals_.async_wait([this](const boost::system::error_code& error, int next) {
      if (!error) on_signal(next);
    });
    return;
  }
  spdlog::info("stopping on {}", signal == SIGTERM ? "SIGTERM" : "SIGINT");
  stop();
}

void Daemon::on_deadline() {
  record(tracker_.wake_up());
  if (store_retry_ && *store_retry_ <= clock_.now().boot) flush();
}

void Daemon::reload_config() {
  if (!setup_.config_file) {
    spdlog::info("SIGHUP: no config file to reload, the built-in defaults stay");
    return;
  }
  auto choice = load_config_or_keep(setup_.config_file, setup_.config, "the current config");
  if (!choice.loaded) return;
  setup_.config = std::move(choice.config);
  tracker_.set_checkpoint_interval(setup_.config.checkpoint_interval);
  last_purge_.reset();
  if (purge_if_due()) flush();
  rearm();
}

void Daemon::stop() {
  record(tracker_.stop());
  for (int attempt = 1; attempt < kFlushAttemptsAtExit && store_->pending() > 0; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds{200});
    flush();
  }
  if (store_->pending() > 0) {
    spdlog::error("could not write {} interval(s) of history before exiting; they are lost",
                  store_->pending());
  }
  signals_.cancel();
  io_.stop();
}

void Daemon::record(core::TrackerOutput output) {
  for (const auto& note : output.notes) {
    spdlog::debug("accounting: {} by {}", core::to_string(note.kind),
                  core::format_duration(note.amount));
  }
  for (const auto& interval : output.closed) {
    spdlog::debug("closed {} interval of {} from {}", core::to_string(interval.state),
                  core::format_duration(interval.duration), interval.source);
    store_->append(setup_.user, interval);
  }
  if (output.checkpoint) store_->save_last_seen(setup_.user, *output.checkpoint);
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
  if (!setup_.config.retention) return false;
  const auto now = clock_.now();
  // Checked when history is written anyway, so retention costs no wakeup of its own.
  if (last_purge_ && now.boot - *last_purge_ < kRetentionCheckEvery) return false;
  last_purge_ = now.boot;
  store_->purge_before(now.wall - *setup_.config.retention);
  return true;
}

void Daemon::rearm() { timer_.arm(core::next_deadline({tracker_.next_deadline(), store_retry_})); }

}  // namespace screentime::app
