// screentimectl week, export.
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "client/commands.hpp"
#include "client/output.hpp"
#include "daemon/i18n/i18n.hpp"
#include "daemon/protocol/iso8601.hpp"

namespace screentime::client {
namespace {

using i18n::tr;
using nlohmann::json;
using std::chrono::days;
using std::chrono::sys_days;

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

int run_week(DaemonConnection& daemon, const ReadOptions& options, std::optional<int> window) {
  // "Today" is the daemon's: its day start and zone decide which day it is.
  const auto today = protocol::parse_iso_date(daemon.request("status")["today"].value("date", ""));
  if (!today) throw RequestFailed("internal", tr("screentimed gave no date for today"));
  sys_days first = sys_days{*today};
  if (window) {
    first -= days{*window - 1};
  } else {
    const std::chrono::weekday weekday{first};
    first -= days{(weekday.c_encoding() + 6) % 7};  // back to Monday
  }
  const json usage =
      daemon.request("usage", {{"from", protocol::format_iso_date(protocol::LocalDate{first})},
                               {"to", protocol::format_iso_date(*today)},
                               {"by", "day"}});
  if (options.json) {
    std::cout << usage.dump() << "\n";
    return 0;
  }
  std::int64_t most = 0, total = 0;
  for (const auto& day : usage["days"]) {
    most = std::max(most, day.value("active_seconds", std::int64_t{0}));
  }
  std::vector<std::pair<std::string, std::string>> lines;
  for (const auto& day : usage["days"]) {
    const auto active = day.value("active_seconds", std::int64_t{0});
    total += active;
    lines.emplace_back(short_date(day.value("date", "")),
                       right(short_duration(active), 7) + "  " + bar(active, most, 30));
  }
  // TRANSLATORS: the last line of `screentimectl week`: "total  12h 05m  active, day starts
  // at 04:00".
  lines.emplace_back(tr("total"),
                     right(short_duration(total), 7) + "  " +
                         format_tr(tr("active, day starts at {}"), usage.value("day_start", "")));
  std::cout << rows(lines);
  return 0;
}

int run_export(DaemonConnection& daemon, const ExportOptions& options) {
  const json usage = daemon.request("usage", {{"from", options.from.value_or("1970-01-02")},
                                              {"to", options.to.value_or("9999-12-30")},
                                              {"by", "interval"}});
  if (!options.csv) {
    std::cout << usage["intervals"].dump() << "\n";
    return 0;
  }
  std::cout << "state,start,end,duration_ms,source,detail\n";
  for (const auto& interval : usage["intervals"]) {
    std::cout << interval.value("state", "") << "," << interval.value("start", "") << ","
              << interval.value("end", "") << "," << interval.value("duration_ms", 0) << ","
              << csv_field(interval.value("source", "")) << ","
              << csv_field(interval.value("detail", "")) << "\n";
  }
  return 0;
}

}  // namespace screentime::client
