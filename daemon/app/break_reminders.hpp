#pragma once
// BreakReminders: take-a-break reminders for one user. Feeds the core's BreakScheduler with
// presence, holds and the daily goal; shows its one visible reminder through the notifier
// (updated in place); wires the user's answers back; stores what happened. Loop thread only.

#include <boost/asio/io_context.hpp>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <vector>

#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/desktop/do_not_disturb_watch.hpp"
#include "daemon/core/activity_arbiter.hpp"
#include "daemon/core/break_scheduler.hpp"
#include "daemon/core/goal_feed.hpp"
#include "daemon/core/notifier.hpp"
#include "daemon/core/resources.hpp"

namespace screentime::app {

class Daemon;

class BreakReminders final : public core::NotifierListener {
 public:
  BreakReminders(boost::asio::io_context& io, Daemon& daemon);
  ~BreakReminders() override;

  // Connects the notifier and the do-not-disturb watch; loads the resource catalog; goes on
  // from the break timers the last run saved.
  void start(bool notifications);
  // Queues where the break timers stand, for the next run; written by the next flush. Does
  // nothing before start(), so the saved timers are read before anything replaces them.
  void save_snapshot();
  void set_settings(const core::BreakSettings& settings);

  // What the activity sources now say; catches up, shows, stores.
  void update(const core::Presence& presence, bool presenting);
  void on_deadline();
  std::optional<core::BootTime> next_deadline() const;

  core::AnswerResult answer(core::BreakAnswer answer);
  void pause_until(std::optional<core::WallTime> until);

  nlohmann::json status() const;

  // core::NotifierListener
  void on_action(std::string_view key) override;
  void on_dismissed() override;
  void on_server_changed(bool available) override;

 private:
  void start_do_not_disturb_watch();
  void restore_snapshot();
  void refresh_goal(const core::Instant& now);
  void publish();
  void show_visible();
  void store_events();
  std::optional<core::Resource> resource_for(const core::Reminder& reminder);

  boost::asio::io_context& io_;
  Daemon& daemon_;
  core::BreakScheduler scheduler_;
  std::unique_ptr<core::Notifier> notifier_;
  std::unique_ptr<adapters::SdBusConnection> session_bus_;
  std::unique_ptr<adapters::DoNotDisturbWatch> do_not_disturb_;
  std::vector<core::Resource> catalog_;
  std::size_t rotation_ = 0;
  std::optional<core::Reminder> shown_;  // what the notifier shows now
  std::optional<core::Resource> shown_resource_;
  bool server_available_ = false;
  core::GoalFeed goal_feed_;
  bool started_ = false;
};

}  // namespace screentime::app
