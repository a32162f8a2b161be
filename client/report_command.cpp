// screentimectl report: the week's or the month's usage as a picture (PNG, SVG or PDF). The
// figures come from screentimed; screentime-report draws them, so that neither the daemon nor
// this program links the drawing libraries.
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "client/commands.hpp"
#include "client/output.hpp"
#include "client/read_source.hpp"
#include "client/report/report_figures.hpp"
#include "client/report/report_program.hpp"
#include "daemon/i18n/i18n.hpp"
#include "daemon/protocol/iso8601.hpp"

namespace screentime::client {
namespace {

using i18n::tr;
using nlohmann::json;

// The system role's per-day figures for the user, when it limits them; null otherwise. The
// report goes on without them whatever goes wrong.
json own_limits_usage(const std::string& system_socket, const std::string& from,
                      const std::string& to) {
  if (system_socket.empty()) return nullptr;
  try {
    DaemonConnection system(system_socket);
    return system.request("limits.usage", {{"from", from}, {"to", to}});
  } catch (const std::exception&) {
    return nullptr;
  }
}

// Opens `file` in the desktop's viewer; says so when there is none.
void open_file(const std::filesystem::path& file, char** environment) {
  for (const char* opener : {"xdg-open", "gio"}) {
    std::vector<std::string> words = {opener};
    if (std::string_view(opener) == "gio") words.emplace_back("open");
    words.push_back(file.string());
    std::vector<char*> argv;
    for (auto& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawnp(&pid, opener, nullptr, nullptr, argv.data(), environment) != 0) continue;
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  }
  std::cerr << "screentimectl: "
            << format_tr(tr("no program to open \"{}\" with (xdg-open or gio)"), file.string())
            << "\n";
}

ReportReplies gather_report(ReadSource& daemon, const ReportOptions& options) {
  ReportReplies replies;
  replies.period = options.month ? ReportPeriod::month : ReportPeriod::week;
  replies.today = daemon.request("status")["today"].value("date", "");
  std::string day = options.date.value_or(replies.today);
  if (options.previous) {
    day = previous_period(replies.period, report_period(replies.period, day).first).first;
  }
  std::tie(replies.from, replies.to) = report_period(replies.period, day);
  // Nothing is asked of days not lived yet.
  const std::string last = std::min(replies.to, std::max(replies.today, replies.from));
  const json range = {{"from", replies.from}, {"to", last}};
  const auto [previous_from, previous_to] = previous_period(replies.period, replies.from);
  replies.usage = daemon.request("usage", {{"from", replies.from}, {"to", last}, {"by", "day"}});
  replies.previous_usage =
      daemon.request("usage", {{"from", previous_from}, {"to", previous_to}, {"by", "day"}});
  replies.hourly_usage =
      daemon.request("usage", {{"from", replies.from}, {"to", last}, {"by", "hour"}});
  replies.breaks = daemon.request("breaks", range);
  replies.intervals = all_intervals(daemon, replies.from, last);
  // The catalogs are the daemon's to read: with it stopped, the report goes without.
  try {
    replies.resources =
        daemon.request("resources", {{"languages", options.languages}})["resources"];
  } catch (const std::exception&) {  // RequestFailed, or DaemonNotRunning from the file
    replies.resources = nullptr;
  }
  const ViewConfig config = view_config(daemon);
  replies.goal_seconds = config.goal_seconds;
  replies.shortest_break_seconds = config.shortest_break_seconds;
  replies.limits_usage = own_limits_usage(options.system_socket, replies.from, last);
  return replies;
}

}  // namespace

int run_report(ReadSource& daemon, const ReportOptions& options) {
  const ReportReplies replies = gather_report(daemon, options);
  const std::filesystem::path file = options.output.value_or(
      fmt::format("screentime-{}-{}.png", options.month ? "month" : "week", replies.from));
  if (const int status =
          draw_report(replies_json(replies).dump(), file, options.theme, options.environment);
      status != 0) {
    return status;
  }
  std::cout << file.string() << "\n";
  if (options.open) open_file(file, options.environment);
  return 0;
}

}  // namespace screentime::client
