#include "daemon/app/reminder_text.hpp"

#include <fmt/format.h>

#include "daemon/i18n/i18n.hpp"

namespace screentime::app {
namespace {

using i18n::tr;
using i18n::tr_n;

std::string format(const char* translated, const auto&... args) {
  return fmt::format(fmt::runtime(translated), args...);
}

std::string local_clock(core::WallTime at, core::UtcOffset offset) {
  const auto local = at + offset;
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::hh_mm_ss<std::chrono::minutes> time{
      std::chrono::floor<std::chrono::minutes>(local - day)};
  return fmt::format("{:02}:{:02}", time.hours().count(), time.minutes().count());
}

std::string escape_markup(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

struct Words {
  std::string summary;
  std::vector<std::string> lines;
};

Words break_words(const core::Reminder& r) {
  const bool eye = r.kind == core::ReminderKind::eye;
  const std::string length = spoken_duration(r.length);
  Words words;
  switch (r.phase) {
    case core::ReminderPhase::coming_up:
      words.summary = format(eye ? tr("Eye break in {}") : tr("Movement break in {}"),
                             spoken_duration(r.due_in));
      words.lines.push_back(
          format(tr("Finish what you are doing: a break of {} is coming up."), length));
      break;
    case core::ReminderPhase::due:
      if (eye) {
        words.summary = tr("Time for an eye break");
        words.lines.push_back(
            format(tr("Look at something about 6 metres (20 feet) away for {}."), length));
      } else {
        words.summary = tr("Time to move");
        words.lines.push_back(format(tr("Stand up, stretch or walk for {}."), length));
      }
      if (r.overdue > core::Duration{0}) {
        words.lines.push_back(format(tr("Waiting for {} now."), spoken_duration(r.overdue)));
      }
      if (!r.can_snooze) {
        words.lines.push_back(format(tr_n("Snoozed {} time in a row: take it now, or skip it.",
                                          "Snoozed {} times in a row: take it now, or skip it.",
                                          static_cast<unsigned long>(r.snoozes)),
                                     r.snoozes));
      }
      if (r.nag) {
        words.lines.push_back(
            format(tr_n("You have skipped or snoozed the last {} break. Breaks only help when "
                        "you take them.",
                        "You have skipped or snoozed the last {} breaks. Breaks only help when "
                        "you take them.",
                        static_cast<unsigned long>(r.streak)),
                   r.streak));
      }
      break;
    default:
      break;
  }
  return words;
}

}  // namespace

std::string spoken_duration(core::Duration duration) {
  using namespace std::chrono;
  const auto total_seconds = duration_cast<seconds>(duration).count();
  const auto hours = total_seconds / 3600;
  const auto minutes = total_seconds % 3600 / 60;
  const auto secs = total_seconds % 60;
  const auto n = [](long long value) { return static_cast<unsigned long>(value); };
  std::string text;
  const auto add = [&text](std::string part) {
    if (!text.empty()) text += ' ';
    text += part;
  };
  if (hours > 0) add(format(tr_n("{} hour", "{} hours", n(hours)), hours));
  if (minutes > 0) add(format(tr_n("{} minute", "{} minutes", n(minutes)), minutes));
  if (secs > 0 || text.empty()) add(format(tr_n("{} second", "{} seconds", n(secs)), secs));
  return text;
}

core::Notification reminder_notification(const core::Reminder& r, const ReminderContext& context) {
  core::Notification n;
  Words words;
  n.category = "x-screentime.break";
  switch (r.phase) {
    case core::ReminderPhase::coming_up:
    case core::ReminderPhase::due:
      words = break_words(r);
      n.urgency = r.nag                                       ? core::NotificationUrgency::critical
                  : r.phase == core::ReminderPhase::coming_up ? core::NotificationUrgency::low
                                                              : core::NotificationUrgency::normal;
      n.actions.push_back(
          {"take", r.phase == core::ReminderPhase::due ? tr("Take the break") : tr("Start now")});
      if (r.can_snooze) {
        n.actions.push_back(
            {"snooze", format(tr("Snooze {}"), spoken_duration(context.settings.snooze))});
      }
      n.actions.push_back({"skip", tr("Skip")});
      break;
    case core::ReminderPhase::taking:
      words.summary = format(tr("On a break until {}"),
                             local_clock(r.back_at.value_or(core::WallTime{}), context.offset));
      words.lines.push_back(
          format(tr("Step away from the screen for {}. It counts once you have been away that "
                    "long."),
                 spoken_duration(r.length)));
      n.urgency = core::NotificationUrgency::low;
      n.actions.push_back({"skip", tr("End the break")});
      break;
    case core::ReminderPhase::goal_warning:
    case core::ReminderPhase::goal_reached:
      words.summary = r.phase == core::ReminderPhase::goal_warning
                          ? tr("Most of today's screen time is used")
                          : tr("Today's screen-time goal is reached");
      words.lines.push_back(format(tr("{} used today; your goal is {}."),
                                   spoken_duration(r.goal_used), spoken_duration(r.goal)));
      n.category = "x-screentime.goal";
      n.urgency = r.phase == core::ReminderPhase::goal_reached ? core::NotificationUrgency::critical
                                                               : core::NotificationUrgency::normal;
      n.actions.push_back({"skip", tr("Dismiss")});
      break;
  }
  n.summary = words.summary;
  std::string plain;
  std::string markup;
  for (const auto& line : words.lines) {
    if (!plain.empty()) {
      plain += '\n';
      markup += '\n';
    }
    plain += line;
    markup += escape_markup(line);
  }
  if (context.resource && r.phase != core::ReminderPhase::taking) {
    const auto& resource = *context.resource;
    plain += "\n" + resource.title + ": " + resource.url;
    markup += "\n<a href=\"" + escape_markup(resource.url) + "\">" + escape_markup(resource.title) +
              "</a>";
    n.link = resource.url;
    n.actions.push_back({"open-resource", resource.title});
  }
  n.body = plain;
  if (context.markup) n.body_markup = markup;
  return n;
}

}  // namespace screentime::app
