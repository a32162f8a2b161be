// screentimectl break, pause, resume, breaks: the take-a-break reminders.
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "client/break_text.hpp"
#include "client/commands.hpp"
#include "client/output.hpp"
#include "daemon/i18n/i18n.hpp"
#include "daemon/protocol/iso8601.hpp"

namespace screentime::client {
namespace {

using i18n::tr;
using nlohmann::json;

std::int64_t count(const json& counts, const char* name) {
  return counts.is_object() ? counts.value(name, std::int64_t{0}) : 0;
}

// "12 of 14 taken (3 when asked, 9 on your own), 2 snoozed, 1 skipped".
std::string kind_summary(const json& counts) {
  const auto asked = count(counts, "taken");
  const auto own = count(counts, "natural");
  const auto taken = asked + own;
  const auto due = std::max(count(counts, "due"), taken);
  // TRANSLATORS: one day of `screentimectl breaks`, after "Eye breaks:": breaks taken of those
  // that came due; then how many were taken when the reminder asked, and unasked.
  std::string text =
      due == 0 ? std::string(tr("none due")) : format_tr(tr("{} of {} taken"), taken, due);
  if (taken > 0) text += " " + format_tr(tr("({} when asked, {} on your own)"), asked, own);
  if (const auto n = count(counts, "cut_short"); n > 0) {
    text += ", " + format_tr(tr("{} cut short"), n);
  }
  if (const auto n = count(counts, "snoozed"); n > 0) text += ", " + format_tr(tr("{} snoozed"), n);
  if (const auto n = count(counts, "skipped"); n > 0) text += ", " + format_tr(tr("{} skipped"), n);
  return text;
}

// The daily goal's notices of one day; empty when there was none.
std::string goal_summary(const json& counts) {
  if (count(counts, "goal_reached") > 0) return tr("reached");
  if (count(counts, "goal_warned") > 0) return tr("most of it used");
  return "";
}

// The answered reminder's kind is in the reminder shown before the answer.
std::string kind_of(const json& visible) {
  return visible.is_object() ? visible.value("kind", std::string()) : std::string();
}

std::string answer_text(const std::string& answer, const json& before, const json& breaks) {
  const std::string phase = before.is_object() ? before.value("phase", std::string()) : "";
  const json& visible =
      breaks.is_object() && breaks.contains("visible") ? breaks["visible"] : json();
  if (answer == "take") {
    if (visible.is_object() && visible.value("phase", std::string()) == "taking") {
      return format_tr(tr("On a break until {}: step away from the screen. It counts once you have "
                          "been away that long."),
                       clock_time(visible.value("back_at", std::string())));
    }
    return tr("Break taken.");
  }
  if (answer == "snooze") {
    const json& timer = break_timer(breaks, kind_of(before));
    const auto due_in = timer.is_object() ? timer.value("due_in_seconds", std::int64_t{0}) : 0;
    return format_tr(tr("Snoozed: the reminder comes back after {} of use."),
                     spoken_duration(due_in));
  }
  if (phase == "taking") return tr("Break ended.");
  if (phase == "goal_warning" || phase == "goal_reached") return tr("Dismissed.");
  const json& timer = break_timer(breaks, kind_of(before));
  if (!timer.is_object()) return tr("Skipped.");
  const auto due_in = timer.value("due_in_seconds", std::int64_t{0});
  return format_tr(kind_of(before) == "eye"
                       ? tr("Skipped: the next eye break comes after {} of use.")
                       : tr("Skipped: the next movement break comes after {} of use."),
                   spoken_duration(due_in));
}

}  // namespace

int run_break(DaemonConnection& daemon, const ReadOptions& options, const std::string& answer) {
  // What was showing says what the answer did ("the eye break", "the goal's notice").
  const json status = daemon.request("status");
  const json before =
      status.contains("breaks") ? status["breaks"].value("visible", json()) : json();
  // A refused answer (nothing showing, snoozed too often) throws RequestFailed: main prints
  // the daemon's reason and exits 1.
  const json result = daemon.request("break", {{"answer", answer}});
  if (options.json) {
    std::cout << result.dump() << "\n";
    return 0;
  }
  std::cout << answer_text(answer, before, result.value("breaks", json())) << "\n";
  return 0;
}

int run_pause(DaemonConnection& daemon, const ReadOptions& options, const PauseOptions& pause) {
  json args = json::object();
  if (pause.until) {
    args["until"] = *pause.until;
  } else {
    args["for"] = pause.length.value_or("");
  }
  const json result = daemon.request("pause", args);
  if (options.json) {
    std::cout << result.dump() << "\n";
    return 0;
  }
  std::cout << format_tr(tr("Reminders paused until {}. Screen time is still recorded."),
                         local_moment(result.value("paused_until", std::string())))
            << "\n";
  return 0;
}

int run_resume(DaemonConnection& daemon, const ReadOptions& options) {
  const json result = daemon.request("resume");
  if (options.json) {
    std::cout << result.dump() << "\n";
    return 0;
  }
  std::cout << tr("Reminders resumed.") << "\n";
  return 0;
}

int run_breaks(DaemonConnection& daemon, const ReadOptions& options, std::optional<int> days) {
  // "Today" is the daemon's, as for `week`.
  const auto today = protocol::parse_iso_date(daemon.request("status")["today"].value("date", ""));
  if (!today) throw RequestFailed("internal", tr("screentimed gave no date for today"));
  const auto first = std::chrono::sys_days{*today} - std::chrono::days{days.value_or(1) - 1};
  const json report =
      daemon.request("breaks", {{"from", protocol::format_iso_date(protocol::LocalDate{first})},
                                {"to", protocol::format_iso_date(*today)}});
  if (options.json) {
    std::cout << report.dump() << "\n";
    return 0;
  }
  for (const auto& day : report.value("days", json::array())) {
    Rows lines = {
        // TRANSLATORS: the labels of one day of `screentimectl breaks`, shown in a column.
        {tr("Eye breaks:"), kind_summary(day.value("eye", json()))},
        {tr("Movement breaks:"), kind_summary(day.value("movement", json()))},
    };
    if (const auto goal = goal_summary(day.value("goal", json())); !goal.empty()) {
      lines.emplace_back(tr("Screen-time goal:"), goal);
    }
    std::cout << short_date(day.value("date", "")) << "\n" << rows(lines, "  ") << "\n";
  }
  // TRANSLATORS: the heading of the reminders' current state in `screentimectl breaks`.
  std::cout << tr("Now") << "\n" << rows(break_state_rows(report.value("breaks", json())), "  ");
  return 0;
}

}  // namespace screentime::client
