#include "client/bar_view.hpp"

#include <algorithm>

#include "client/output.hpp"
#include "daemon/i18n/i18n.hpp"
#include "daemon/protocol/limit_standing.hpp"

namespace screentime::client {
namespace {

using i18n::tr;
using nlohmann::json;

constexpr std::int64_t kLimitLow = 5 * 60;
constexpr const char* kUrgentColour = "#e06c75";

std::int64_t whole_seconds(BarClock::duration duration) {
  return std::chrono::duration_cast<std::chrono::seconds>(duration).count();
}

std::int64_t number(const json& object, const char* key) {
  const json& value = member(object, key);
  return value.is_number_integer() ? value.get<std::int64_t>() : 0;
}

// Until a figure shown in whole minutes (whole seconds under one) shows another value.
std::int64_t until_rising_changes(std::int64_t seconds) {
  return seconds < 60 ? 1 : 60 - seconds % 60;
}
std::int64_t until_falling_changes(std::int64_t seconds) {
  return seconds <= 60 ? 1 : seconds % 60 + 1;
}

const json* next_timer(const json& breaks) {
  const json* next = nullptr;
  if (!breaks.is_object() || !member(breaks, "timers").is_array()) return nullptr;
  for (const json& timer : member(breaks, "timers")) {
    if (!flag_of(timer, "enabled")) continue;
    if (!next || number(timer, "due_in_seconds") < number(*next, "due_in_seconds")) next = &timer;
  }
  return next;
}

std::string phase_of(const json& breaks) {
  if (!breaks.is_object() || !member(breaks, "visible").is_object()) return "";
  return text_of(member(breaks, "visible"), "phase");
}

bool paused(const json& breaks) {
  return breaks.is_object() && member(breaks, "paused_until").is_string();
}

}  // namespace

void BarView::take_status(const json& status, BarClock::time_point at) {
  take_state(status, at);
  if (status.contains("breaks")) {
    breaks_ = status["breaks"];
    breaks_mark_ = active_total(at);
  }
  if (status.contains("limits")) {
    limits_ = status["limits"];
    limits_at_ = at;
  }
}

void BarView::take_event(const json& event, BarClock::time_point at) {
  const std::string name = text_of(event, "event");
  if (name == "state") {
    take_state(event, at);
  } else if (name == "breaks") {
    breaks_ = member(event, "breaks");
    breaks_mark_ = active_total(at);
  } else if (name == "limits") {
    limits_ = member(event, "limits");
    limits_at_ = at;
  }
}

void BarView::take_state(const json& state, BarClock::time_point at) {
  active_banked_ = active_total(at);
  const std::string name = text_of(state, "state");
  state_ = {{"state", name.empty() ? "unknown" : name},
            {"since", member(state, "since")},
            {"today", member(state, "today")}};
  active_ = member(state_, "state") == "active";
  active_since_ = at;
  state_mark_ = active_banked_;
}

std::int64_t BarView::active_total(BarClock::time_point now) const {
  return active_banked_ + (active_ ? whole_seconds(now - active_since_) : 0);
}

BarView::Figures BarView::figures(BarClock::time_point now, protocol::WallTime wall_now) const {
  Figures figures;
  const std::int64_t active = active_total(now);
  figures.active_today = number(member(state_, "today"), "active_seconds") + active - state_mark_;
  if (const json* timer = next_timer(breaks_); timer && !paused(breaks_)) {
    figures.next_break = number(*timer, "due_in_seconds") - (active - breaks_mark_);
  }
  figures.limits = protocol::standing_after(
      limits_, std::chrono::seconds{whole_seconds(now - limits_at_)}, wall_now);
  return figures;
}

BarLine BarView::line(BarClock::time_point now, protocol::WallTime wall_now) const {
  const Figures f = figures(now, wall_now);
  BarLine line;
  const std::string state = text_of(state_, "state");
  line.classes.push_back(state);
  std::vector<std::string> parts = {short_duration(f.active_today)};
  std::vector<std::string> tips = {
      format_tr(tr("Screen time today: {}"), short_duration(f.active_today)),
      format_tr(tr("{} since {}"), state_name(state), clock_time(text_of(state_, "since")))};

  const std::string phase = phase_of(breaks_);
  if (paused(breaks_)) {
    parts.push_back(tr("paused"));
    tips.push_back(format_tr(tr("Reminders paused until {}"),
                             clock_time(member(breaks_, "paused_until").get<std::string>())));
    line.classes.push_back("paused");
  } else if (phase == "due") {
    parts.push_back(tr("break due"));
    tips.push_back(tr("A break is due"));
    line.classes.push_back("break-due");
  } else if (phase == "taking") {
    parts.push_back(tr("on a break"));
    tips.push_back(tr("On a break"));
    line.classes.push_back("on-break");
  } else if (f.next_break) {
    const auto in = short_duration(std::max<std::int64_t>(0, *f.next_break));
    parts.push_back(format_tr(tr("break in {}"), in));
    tips.push_back(format_tr(tr("Next break in {} of use"), in));
  }

  if (f.limits.is_object()) {
    if (flag_of(f.limits, "over")) {
      parts.push_back(tr("time is up"));
      tips.push_back(tr("Screen time is up for today"));
      line.classes.push_back("limit-over");
    } else if (member(f.limits, "left_seconds").is_number_integer()) {
      const auto left = member(f.limits, "left_seconds").get<std::int64_t>();
      parts.push_back(format_tr(tr("{} left"), short_duration(left)));
      tips.push_back(format_tr(tr("Screen time left today: {}"), short_duration(left)));
      if (left < kLimitLow) line.classes.push_back("limit-low");
    }
    if (const auto daily = number(f.limits, "daily_seconds"); daily > 0) {
      line.percentage = static_cast<int>(
          std::clamp<std::int64_t>(number(f.limits, "used_today_seconds") * 100 / daily, 0, 100));
    }
  } else if (goal_seconds_ && *goal_seconds_ > 0) {
    line.percentage =
        static_cast<int>(std::clamp<std::int64_t>(f.active_today * 100 / *goal_seconds_, 0, 100));
    tips.push_back(format_tr(tr("Daily goal: {}"), short_duration(*goal_seconds_)));
  }

  for (std::size_t i = 0; i < parts.size(); ++i) line.text += (i ? " · " : "") + parts[i];
  for (std::size_t i = 0; i < tips.size(); ++i) line.tooltip += (i ? "\n" : "") + tips[i];
  return line;
}

std::optional<std::chrono::seconds> BarView::next_change(BarClock::time_point now,
                                                         protocol::WallTime wall_now) const {
  const Figures f = figures(now, wall_now);
  std::optional<std::int64_t> soonest;
  const auto consider = [&soonest](std::int64_t in) {
    if (!soonest || in < *soonest) soonest = in;
  };
  if (active_) {
    consider(until_rising_changes(f.active_today));
    if (f.next_break && *f.next_break > 0) consider(until_falling_changes(*f.next_break));
  }
  if (f.limits.is_object() && !flag_of(f.limits, "over") &&
      member(f.limits, "left_seconds").is_number_integer()) {
    const auto left = member(f.limits, "left_seconds").get<std::int64_t>();
    const bool falls = flag_of(f.limits, "counting") || text_of(f.limits, "reason") == "hours";
    if (falls && left > 0) consider(until_falling_changes(left));
  }
  if (!soonest) return std::nullopt;
  return std::chrono::seconds{*soonest};
}

std::string format_bar(const BarLine& line, std::string_view format, bool streaming) {
  const bool urgent = std::ranges::any_of(line.classes, [](const std::string& name) {
    return name == "break-due" || name == "limit-over" || name == "limit-low";
  });
  if (format == "waybar") {
    // One class as a string, as before there were more; Waybar takes either.
    json object = {
        {"text", line.text},
        {"tooltip", line.tooltip},
        {"class", line.classes.size() == 1 ? json(line.classes.front()) : json(line.classes)},
        {"alt", line.classes.front()}};
    if (line.percentage) object["percentage"] = *line.percentage;
    return object.dump();
  }
  if (format == "i3blocks") {
    if (streaming) return line.text;
    const auto space = line.text.find(" · ");
    std::string out = line.text + "\n" + line.text.substr(0, space);
    if (urgent) out += std::string("\n") + kUrgentColour;
    return out;
  }
  if (format == "polybar" && urgent) {
    return std::string("%{F") + kUrgentColour + "}" + line.text + "%{F-}";
  }
  return line.text;
}

}  // namespace screentime::client
