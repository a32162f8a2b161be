#pragma once
// Daemon: owns the loop's event sources and wires them to the core for one user (the user
// role). Everything runs on the one thread that runs the io_context; it sleeps until a
// signal arrives or the single deadline the core computes comes due.

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <filesystem>
#include <memory>
#include <optional>

#include "daemon/adapters/system/deadline_timer.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/config.hpp"
#include "daemon/core/history_store.hpp"
#include "daemon/core/usage_tracker.hpp"

namespace screentime::app {

struct DaemonSetup {
  core::Config config;
  std::optional<std::filesystem::path> config_file;  // re-read on SIGHUP
  core::UserId user = 0;
  std::string boot_id;
};

class Daemon {
 public:
  Daemon(boost::asio::io_context& io, const core::Clock& clock,
         std::unique_ptr<core::HistoryStore> store, DaemonSetup setup);

  // Closes what the last run left, starts accounting and arms the first deadline.
  void start();

 private:
  void choose_activity_source();
  void on_signal(int signal);
  void on_deadline();
  void reload_config();
  void stop();
  void record(core::TrackerOutput output);
  void flush();
  bool purge_if_due();  // true when a purge was queued
  void rearm();

  boost::asio::io_context& io_;
  const core::Clock& clock_;
  std::unique_ptr<core::HistoryStore> store_;
  DaemonSetup setup_;
  core::UsageTracker tracker_;
  adapters::DeadlineTimer timer_;
  boost::asio::signal_set signals_;
  std::optional<core::BootTime> store_retry_;  // set while writes fail: when to try again
  std::optional<core::BootTime> last_purge_;
};

}  // namespace screentime::app
