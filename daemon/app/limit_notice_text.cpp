#include "daemon/app/limit_notice_text.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "daemon/app/reminder_text.hpp"
#include "daemon/core/day_attribution.hpp"
#include "daemon/i18n/i18n.hpp"

namespace screentime::app {
namespace {

using i18n::tr;

std::string format(const char* translated, const auto&... args) {
  return fmt::format(fmt::runtime(translated), args...);
}

std::string join(const std::string& first, const std::string& second) {
  return second.empty() ? first : first + " " + second;
}

std::string ending(core::LimitReason reason) {
  switch (reason) {
    case core::LimitReason::daily:
      return tr("Today's screen time is nearly over.");
    case core::LimitReason::weekly:
      return tr("This week's screen time is nearly over.");
    case core::LimitReason::hours:
      return tr("The allowed hours end soon.");
  }
  return {};
}

std::string ended(core::LimitReason reason) {
  switch (reason) {
    case core::LimitReason::daily:
      return tr("Today's screen time is used up.");
    case core::LimitReason::weekly:
      return tr("This week's screen time is used up.");
    case core::LimitReason::hours:
      return tr("This is outside the allowed hours.");
  }
  return {};
}

std::string what_follows(core::LimitAction action) {
  switch (action) {
    case core::LimitAction::notify:
      return {};
    case core::LimitAction::lock:
      return tr("Then the screen locks: save your work.");
    case core::LimitAction::logout:
      return tr("Then you are logged out: save your work.");
    case core::LimitAction::suspend:
      return tr("Then the computer goes to sleep: save your work.");
  }
  return {};
}

std::string what_follows_in(core::LimitAction action, core::Duration grace) {
  const std::string in = spoken_duration(grace);
  switch (action) {
    case core::LimitAction::notify:
      return {};
    case core::LimitAction::lock:
      return format(tr("The screen locks in {}."), in);
    case core::LimitAction::logout:
      return format(tr("You are logged out in {}: save your work now."), in);
    case core::LimitAction::suspend:
      return format(tr("The computer goes to sleep in {}."), in);
  }
  return {};
}

// The time left as a person would say it: a warning woken a few milliseconds late still says
// "5 minutes", not "4 minutes 59 seconds".
core::Duration spoken_left(core::Duration left) {
  using namespace std::chrono;
  if (left >= minutes{2}) return round<minutes>(left);
  return round<seconds>(left);
}

// "15:00" on the same local day, "2026-12-05 15:00" on another.
std::string local_moment(core::WallTime at, core::WallTime now,
                         const std::function<core::UtcOffset(core::WallTime)>& offset) {
  const core::UtcOffset at_offset = offset(at);
  const core::LocalDate date = core::attributed_day(at, at_offset, core::DayStart{0});
  const core::LocalDate today = core::attributed_day(now, offset(now), core::DayStart{0});
  const std::chrono::hh_mm_ss<std::chrono::minutes> time{
      std::chrono::floor<std::chrono::minutes>(at + at_offset - std::chrono::sys_days{date})};
  const std::string clock =
      fmt::format("{:02}:{:02}", time.hours().count(), time.minutes().count());
  if (date == today) return clock;
  return fmt::format("{:04}-{:02}-{:02} {}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), clock);
}

}  // namespace

core::Notification asked_notification(core::Duration extra) {
  core::Notification notification;
  notification.category = "x-screentime.limit";
  notification.summary = format(tr("You asked for {} more"), spoken_duration(extra));
  notification.body = tr("Your request is with your parent. The answer comes here.");
  return notification;
}

core::Notification request_notification(const std::string& name, core::Duration extra,
                                        const std::string& reason, std::int64_t id) {
  core::Notification notification;
  notification.category = "x-screentime.request";
  notification.summary = format(tr("{} asks for {} more"), name, spoken_duration(extra));
  const std::string answer =
      format(tr("To answer: screentimectl grant {} or screentimectl deny {}"), id, id);
  notification.body = reason.empty() ? answer : "\u201c" + reason + "\u201d\n" + answer;
  return notification;
}

core::Notification answer_notification(bool granted, core::Duration extra) {
  core::Notification notification;
  notification.category = "x-screentime.limit";
  if (granted) {
    notification.summary = format(tr("{} more screen time"), spoken_duration(extra));
    notification.body = tr("A parent said yes to your request.");
  } else {
    notification.summary = tr("No more screen time");
    notification.body = tr("A parent said no to your request.");
  }
  return notification;
}

core::AnsweringActions request_answers(const std::string& socket, std::int64_t id,
                                       core::Duration extra) {
  const auto answer = [id](const char* word) {
    return nlohmann::json{{"cmd", "limits.answer"},
                          {"args", {{"request", std::to_string(id)}, {"answer", word}}}}
        .dump();
  };
  return {socket,
          {{"grant", format(tr("Grant {}"), spoken_duration(extra)), answer("grant")},
           {"deny", tr("Deny"), answer("deny")}}};
}

core::Notification not_approved_notification() {
  core::Notification notification;
  notification.category = "x-screentime.limit";
  notification.summary = tr("Not approved");
  notification.body = tr("No parent's password was given. Your request still waits for an answer.");
  return notification;
}

core::AnsweringActions approve_here_actions(const std::string& socket, std::int64_t id) {
  const std::string line =
      nlohmann::json{{"cmd", "limits.approve"}, {"args", {{"request", std::to_string(id)}}}}.dump();
  return {socket, {{"approve", tr("A parent approves here"), line}}};
}

std::string login_message(const core::LimitStanding& standing, core::WallTime now,
                          const std::function<core::UtcOffset(core::WallTime)>& offset) {
  if (standing.over) {
    if (standing.binding == core::LimitReason::hours && standing.hours.changes_at) {
      return format(tr("Logins are allowed from {}."),
                    local_moment(*standing.hours.changes_at, now, offset));
    }
    return ended(standing.binding);
  }
  if (standing.left) {
    return format(tr("{} of screen time left."), spoken_duration(spoken_left(*standing.left)));
  }
  return {};
}

std::optional<core::Notification> limit_notification(const core::LimitNotice& notice) {
  core::Notification notification;
  notification.category = "x-screentime.limit";
  switch (notice.kind) {
    case core::LimitNotice::Kind::warning:
      notification.summary =
          format(tr("{} of screen time left"), spoken_duration(spoken_left(notice.left)));
      notification.body = join(ending(notice.reason), what_follows(notice.action));
      return notification;
    case core::LimitNotice::Kind::reached:
      notification.summary = tr("Screen time is up");
      notification.body = join(ended(notice.reason), what_follows_in(notice.action, notice.left));
      notification.urgency = core::NotificationUrgency::critical;
      return notification;
    case core::LimitNotice::Kind::enforce:
      return std::nullopt;
    case core::LimitNotice::Kind::allowed_again:
      notification.summary = tr("Screen time again");
      notification.body = tr("You have screen time again.");
      notification.urgency = core::NotificationUrgency::low;
      return notification;
  }
  return std::nullopt;
}

}  // namespace screentime::app
