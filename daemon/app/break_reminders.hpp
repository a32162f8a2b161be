#pragma once
// BreakReminders: shows one user's take-a-break reminders. What should be visible is the
// session's decision (core::UserSession and its BreakScheduler); this shows it through the
// notifier (updated in place, in the user's language, with a wellbeing resource), follows the
// notification server's do-not-disturb, and hands the user's answers back to the session.
// Loop thread only.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "daemon/adapters/dbus/shared_bus.hpp"
#include "daemon/adapters/desktop/do_not_disturb_watch.hpp"
#include "daemon/core/activity_arbiter.hpp"
#include "daemon/core/break_scheduler.hpp"
#include "daemon/core/notifier.hpp"
#include "daemon/core/resources.hpp"
#include "daemon/protocol/break_replies.hpp"

namespace screentime::app {

class UserRuntime;

class BreakReminders final : public core::NotifierListener {
 public:
  // The do-not-disturb watch talks on the user's shared `session_bus`.
  BreakReminders(boost::asio::io_context& io, adapters::SharedBus& session_bus,
                 UserRuntime& daemon);
  ~BreakReminders() override;

  // Connects the notifier and the do-not-disturb watch; loads the resource catalog.
  void start(bool notifications);
  // Where the break timers stood when the last run saved them, for the session's start.
  std::optional<core::BreakSnapshot> saved_snapshot();
  // After the session went on from `saved`: says where the timers stand now.
  void log_restored(const core::BreakSnapshot& saved) const;
  // Shows what the session says should be visible now (nothing: closes it).
  void show(const std::optional<core::Reminder>& visible);
  // The daemon stops: the reminder goes with it.
  void close();
  // A notice that is not a reminder (the weekly summary): shown only while no reminder is,
  // and the next reminder takes its place. `open` runs when its "open-report" button is
  // clicked while it is still shown.
  void show_notice(const core::Notification& notice, std::function<void()> open);

  core::AnswerResult answer(core::BreakAnswer answer);
  void pause_until(std::optional<core::WallTime> until);

  protocol::BreakState status() const;

  // core::NotifierListener
  void on_action(std::string_view key) override;
  void on_dismissed() override;
  void on_server_changed(bool available) override;

 private:
  void start_do_not_disturb_watch();
  std::optional<core::Resource> resource_for(const core::Reminder& reminder);

  boost::asio::io_context& io_;
  UserRuntime& daemon_;
  std::unique_ptr<core::Notifier> notifier_;
  adapters::SharedBus& session_bus_;
  adapters::SharedBus::LossSubscription session_bus_lost_;
  std::unique_ptr<adapters::DoNotDisturbWatch> do_not_disturb_;
  std::vector<core::Resource> catalog_;
  std::size_t rotation_ = 0;
  std::optional<core::Reminder> shown_;  // what the notifier shows now
  std::optional<core::Resource> shown_resource_;
  std::function<void()> open_notice_;  // the shown notice's button, when a notice is shown
  bool server_available_ = false;
};

}  // namespace screentime::app
