// What a limited user reads for each limit notice: what ends the time, what follows and when,
// the time left as a person says it; nothing for the action itself.

#include "daemon/app/limit_notice_text.hpp"

#include <gtest/gtest.h>

#include "daemon/adapters/notify/desktop_notice_helper.hpp"

namespace screentime::app {
namespace {

using namespace std::chrono_literals;
using Kind = core::LimitNotice::Kind;
using core::LimitAction;
using core::LimitReason;

core::LimitNotice notice(Kind kind, core::Duration left, LimitReason reason, LimitAction action) {
  return {kind, left, reason, action, core::WallTime{}};
}

struct WarningCase {
  core::Duration left;
  LimitReason reason;
  LimitAction action;
  const char* summary;
  const char* body;
};

TEST(LimitNoticeText, AWarningSaysTheTimeLeftWhatEndsItAndWhatFollows) {
  const WarningCase cases[] = {
      {15min, LimitReason::daily, LimitAction::lock, "15 minutes of screen time left",
       "Today's screen time is nearly over. Then the screen locks: save your work."},
      // Woken a few milliseconds late: still the round figure.
      {5min - 20ms, LimitReason::weekly, LimitAction::logout, "5 minutes of screen time left",
       "This week's screen time is nearly over. Then you are logged out: save your work."},
      {1min + 40s, LimitReason::hours, LimitAction::suspend,
       "1 minute 40 seconds of screen time left",
       "The allowed hours end soon. Then the computer goes to sleep: save your work."},
      {2s - 2ms, LimitReason::daily, LimitAction::notify, "2 seconds of screen time left",
       "Today's screen time is nearly over."},
  };
  for (const auto& each : cases) {
    const auto said =
        limit_notification(notice(Kind::warning, each.left, each.reason, each.action));
    ASSERT_TRUE(said.has_value());
    EXPECT_EQ(said->summary, each.summary);
    EXPECT_EQ(said->body, each.body);
    EXPECT_EQ(said->urgency, core::NotificationUrgency::normal);
    EXPECT_EQ(said->category, "x-screentime.limit");
  }
}

TEST(LimitNoticeText, TheTimeUpIsCriticalAndSaysWhenTheActionComes) {
  const auto lock =
      limit_notification(notice(Kind::reached, 1min, LimitReason::daily, LimitAction::lock));
  ASSERT_TRUE(lock.has_value());
  EXPECT_EQ(lock->summary, "Screen time is up");
  EXPECT_EQ(lock->body, "Today's screen time is used up. The screen locks in 1 minute.");
  EXPECT_EQ(lock->urgency, core::NotificationUrgency::critical);
  const auto logout =
      limit_notification(notice(Kind::reached, 30s, LimitReason::hours, LimitAction::logout));
  EXPECT_EQ(logout->body,
            "This is outside the allowed hours. You are logged out in 30 seconds: save your "
            "work now.");
  const auto notify =
      limit_notification(notice(Kind::reached, 1min, LimitReason::weekly, LimitAction::notify));
  EXPECT_EQ(notify->body, "This week's screen time is used up.");
}

TEST(LimitNoticeText, TheActionItselfIsNotAnnouncedAndTimeAgainIsQuiet) {
  EXPECT_FALSE(
      limit_notification(notice(Kind::enforce, {}, LimitReason::daily, LimitAction::lock)));
  const auto again =
      limit_notification(notice(Kind::allowed_again, {}, LimitReason::daily, LimitAction::lock));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->summary, "Screen time again");
  EXPECT_EQ(again->urgency, core::NotificationUrgency::low);
}

TEST(LimitNoticeText, TheLoginScreenHearsWhyOrTheTimeLeft) {
  const core::WallTime now =
      core::WallTime{std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}} + 13h;
  const auto cet = [](core::WallTime) { return core::UtcOffset{1h}; };
  core::LimitStanding standing;
  standing.over = true;
  standing.binding = LimitReason::hours;
  standing.hours = {false, now + 1h};  // 15:00 local
  EXPECT_EQ(login_message(standing, now, cet), "Logins are allowed from 15:00.");
  standing.hours = {false, now + 25h};
  EXPECT_EQ(login_message(standing, now, cet), "Logins are allowed from 2026-12-02 15:00.");
  standing.hours = {false, std::nullopt};
  EXPECT_EQ(login_message(standing, now, cet), "This is outside the allowed hours.");
  standing.binding = LimitReason::daily;
  EXPECT_EQ(login_message(standing, now, cet), "Today's screen time is used up.");
  standing.over = false;
  standing.left = 80min - 3ms;
  EXPECT_EQ(login_message(standing, now, cet), "1 hour 20 minutes of screen time left.");
  standing.left.reset();
  EXPECT_EQ(login_message(standing, now, cet), "");
}

// What the launcher tells the helper: read back as it was given, buttons included.
TEST(LimitNoticeText, TheHelpersArgumentsCarryTheWholeNotice) {
  adapters::NoticeOrder order;
  order.user = 1500;
  order.bus = "unix:path=/run/user/1500/bus";
  order.notification.summary = "alice asks for 30 minutes more";
  order.notification.body = "\u201chomework\u201d";
  order.notification.urgency = core::NotificationUrgency::critical;
  order.notification.category = "x-screentime.request";
  order.answers = {"/run/screentime/system.sock",
                   {{"grant", "Grant", "{}"}, {"deny", "Deny", "{}"}}};
  const auto read = adapters::parse_notice_order(adapters::notice_arguments(order));
  ASSERT_TRUE(read);
  EXPECT_EQ(read->user, 1500u);
  EXPECT_EQ(read->notification.body, order.notification.body);
  EXPECT_EQ(read->notification.urgency, core::NotificationUrgency::critical);
  ASSERT_EQ(read->answers.actions.size(), 2u);
  EXPECT_EQ(read->answers.actions[1].label, "Deny");
  auto torn = adapters::notice_arguments(order);
  torn.pop_back();  // a button without its request
  EXPECT_FALSE(adapters::parse_notice_order(torn));
}

}  // namespace
}  // namespace screentime::app
