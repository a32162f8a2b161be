#include "client/break_text.hpp"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "client/output.hpp"
#include "daemon/i18n/i18n.hpp"

namespace screentime::client {
namespace {

using i18n::tr;
using i18n::tr_n;
using nlohmann::json;

bool is_eye(const json& object) { return object.value("kind", std::string()) == "eye"; }

// The reasons nothing new is shown, as people say them.
std::string hold_name(std::string_view hold) {
  static constexpr std::pair<std::string_view, const char*> kHolds[] = {
      // TRANSLATORS: why no new break reminder is shown now, listed after "on hold".
      {"away", N_("away from the screen")},
      {"paused", N_("paused")},
      {"do-not-disturb", N_("do not disturb")},
      {"presenting", N_("presenting")},
  };
  for (const auto& [name, label] : kHolds) {
    if (name == hold) return tr(label);
  }
  return std::string(hold);
}

std::string holds_text(const json& holds, bool with_paused) {
  std::string text;
  if (!holds.is_array()) return text;
  for (const auto& hold : holds) {
    const auto name = hold.is_string() ? hold.get<std::string>() : std::string();
    if (name == "paused" && !with_paused) continue;
    if (!text.empty()) text += ", ";
    text += hold_name(name);
  }
  return text;
}

bool paused(const json& breaks) {
  const json& holds = member(breaks, "holds");
  return holds.is_array() && std::find(holds.begin(), holds.end(), "paused") != holds.end() &&
         member(breaks, "paused_until").is_string();
}

std::int64_t due_in(const json& timer) { return timer.value("due_in_seconds", std::int64_t{0}); }

}  // namespace

std::string spoken_duration(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  // Whole minutes from a minute on: 4 min 59 s of use to go reads "5 minutes".
  if (seconds >= 60) seconds = (seconds + 30) / 60 * 60;
  const auto hours = seconds / 3600;
  const auto minutes = seconds % 3600 / 60;
  const auto n = [](std::int64_t value) { return static_cast<unsigned long>(value); };
  std::string text;
  if (hours > 0) text = format_tr(tr_n("{} hour", "{} hours", n(hours)), hours);
  if (minutes > 0) {
    if (!text.empty()) text += ' ';
    text += format_tr(tr_n("{} minute", "{} minutes", n(minutes)), minutes);
  }
  if (text.empty()) text = format_tr(tr_n("{} second", "{} seconds", n(seconds)), seconds);
  return text;
}

std::string local_moment(std::string_view iso_moment) {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm local{};
  localtime_r(&now, &local);
  char today[16];
  std::strftime(today, sizeof today, "%Y-%m-%d", &local);
  const auto date = iso_moment.substr(0, 10);
  if (date == today) return clock_time(iso_moment);
  return short_date(date) + " " + clock_time(iso_moment);
}

const json& break_timer(const json& breaks, std::string_view kind) {
  const json& timers = member(breaks, "timers");
  if (timers.is_array()) {
    for (const auto& timer : timers) {
      if (timer.value("kind", std::string()) == kind) return timer;
    }
  }
  return member(timers, "");
}

std::string timer_text(const json& timer) {
  if (!timer.is_object() || !timer.value("enabled", false)) return tr("off");
  if (due_in(timer) <= 0) return tr("due now");
  // TRANSLATORS: when the next break comes: after this much more active time at the screen.
  return format_tr(tr("in {} of use"), spoken_duration(due_in(timer)));
}

std::string visible_text(const json& visible) {
  const auto phase = visible.value("phase", std::string());
  const bool eye = is_eye(visible);
  std::string text;
  if (phase == "coming_up") {
    const auto in = spoken_duration(visible.value("due_in_seconds", std::int64_t{0}));
    text =
        format_tr(eye ? tr("eye break coming up in {}") : tr("movement break coming up in {}"), in);
  } else if (phase == "due") {
    text = eye ? tr("time for an eye break") : tr("time for a movement break");
  } else if (phase == "taking") {
    text = format_tr(eye ? tr("eye break until {}") : tr("movement break until {}"),
                     clock_time(visible.value("back_at", std::string())));
  } else if (phase == "goal_warning") {
    text = tr("most of today's screen-time goal is used");
  } else if (phase == "goal_reached") {
    text = tr("today's screen-time goal is reached");
  } else {
    text = phase;
  }
  if (const int snoozes = visible.value("snoozes", 0); snoozes > 0) {
    text +=
        " (" +
        format_tr(tr_n("snoozed {} time", "snoozed {} times", static_cast<unsigned long>(snoozes)),
                  snoozes) +
        ")";
  }
  return text;
}

Rows break_state_rows(const json& breaks) {
  Rows rows;
  // TRANSLATORS: the labels of the "Now" part of `screentimectl breaks`, shown in a column.
  rows.emplace_back(tr("next eye break"), timer_text(break_timer(breaks, "eye")));
  rows.emplace_back(tr("next movement break"), timer_text(break_timer(breaks, "movement")));
  if (paused(breaks)) {
    rows.emplace_back(tr("paused until"),
                      local_moment(member(breaks, "paused_until").get<std::string>()));
  }
  if (const auto holds = holds_text(member(breaks, "holds"), true); !holds.empty()) {
    rows.emplace_back(tr("on hold"), holds);
  }
  if (const json& visible = member(breaks, "visible"); visible.is_object()) {
    rows.emplace_back(tr("showing"), visible_text(visible));
  }
  return rows;
}

Rows break_status_rows(const json& breaks) {
  Rows rows;
  if (!breaks.is_object()) return rows;
  std::string text;
  if (paused(breaks)) {
    text = format_tr(tr("reminders paused until {}"),
                     local_moment(member(breaks, "paused_until").get<std::string>()));
  } else {
    // The break that comes first; both kinds can be off. A due break whose reminder is
    // showing is on the "reminder" line instead.
    const std::string showing = member(member(breaks, "visible"), "kind").is_string()
                                    ? member(member(breaks, "visible"), "kind").get<std::string>()
                                    : std::string();
    const json* next = nullptr;
    bool any_enabled = false;
    const json& timers = member(breaks, "timers");
    for (std::size_t i = 0; timers.is_array() && i < timers.size(); ++i) {
      const json& timer = timers[i];
      if (!timer.value("enabled", false)) continue;
      any_enabled = true;
      if (due_in(timer) <= 0 && timer.value("kind", std::string()) == showing) continue;
      if (!next || due_in(timer) < due_in(*next)) next = &timer;
    }
    if (!any_enabled) {
      text = tr("reminders off");
    } else if (!next) {
      // Only the break whose reminder is showing: that line says it all.
    } else if (due_in(*next) <= 0) {
      text = is_eye(*next) ? tr("eye break due") : tr("movement break due");
    } else {
      text = format_tr(is_eye(*next) ? tr("next eye break in {} of use")
                                     : tr("next movement break in {} of use"),
                       short_duration(due_in(*next)));
    }
  }
  if (const auto holds = holds_text(member(breaks, "holds"), false); !holds.empty()) {
    const auto held = format_tr(tr("on hold: {}"), holds);
    text = text.empty() ? held : text + " (" + held + ")";
  }
  // TRANSLATORS: labels of `screentimectl status`, like "state" and "today".
  if (!text.empty()) rows.emplace_back(tr("breaks"), text);
  if (const json& visible = member(breaks, "visible"); visible.is_object()) {
    rows.emplace_back(tr("reminder"), visible_text(visible));
  }
  return rows;
}

}  // namespace screentime::client
