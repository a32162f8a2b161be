// screentimectl status, today.
#include <iostream>
#include <nlohmann/json.hpp>

#include "client/break_text.hpp"
#include "client/commands.hpp"
#include "client/daemon_connection.hpp"
#include "client/output.hpp"
#include "daemon/i18n/i18n.hpp"

namespace screentime::client {
namespace {

using i18n::tr;
using i18n::tr_n;
using nlohmann::json;

std::int64_t seconds(const json& totals, const char* state) {
  return totals.value(std::string(state) + "_seconds", std::int64_t{0});
}

// "active since 09:12": the state as people read it.
std::string state_since(const json& status) {
  return format_tr(tr("{} since {}"), state_name(status.value("state", "")),
                   clock_time(status.value("since", "")));
}

std::string config_problem(const json& config) {
  const std::string file = config.value("file", std::string());
  const std::string in_force = config.value("in_force", std::string());
  if (in_force == "last-good") {
    return format_tr(tr("{} has errors; the last good configuration stays in force "
                        "(screentimectl config check)"),
                     file);
  }
  if (in_force == "defaults") {
    return format_tr(tr("{} has errors; the built-in defaults are in force "
                        "(screentimectl config check)"),
                     file);
  }
  return format_tr(tr("{} has errors (screentimectl config check)"), file);
}

// The user's own standing from the system role, when it runs and limits them; null otherwise.
// Only a help for `status`: whatever goes wrong here leaves status as it was.
json ask_own_limits(const std::string& system_socket) {
  if (system_socket.empty()) return nullptr;
  try {
    DaemonConnection system(system_socket);
    return system.request("limits.status");
  } catch (const std::exception&) {
    return nullptr;
  }
}

json with_limits(json status, const std::string& system_socket) {
  if (status["limits"].is_null()) status["limits"] = ask_own_limits(system_socket);
  return status;
}

}  // namespace

int run_status(DaemonConnection& daemon, const ReadOptions& options,
               const std::string& system_socket) {
  const json status =
      with_limits(daemon.request("status"), options.format.empty() ? system_socket : "");
  const json& limits = status["limits"];
  if (!options.format.empty()) return run_bar_status(daemon, status, options.format);
  if (options.json) {
    std::cout << status.dump() << "\n";
    return 0;
  }
  const json& today = status["today"];
  std::vector<std::pair<std::string, std::string>> lines = {
      // TRANSLATORS: the labels of `screentimectl status`, shown in a column.
      {tr("state"), state_since(status) + " (" + status.value("source", std::string("?")) + ")"},
      {tr("today"),
       format_tr(tr("{} active, {} idle, {} locked"), short_duration(seconds(today, "active")),
                 short_duration(seconds(today, "idle")), short_duration(seconds(today, "locked")))},
      {tr("source"), status.value("activity_source", std::string("?"))},
  };
  if (!limits.is_null()) {
    for (auto& line : limit_rows(limits)) lines.push_back(std::move(line));
  }
  if (status.contains("breaks")) {
    for (auto& line : break_status_rows(status["breaks"])) lines.push_back(std::move(line));
  }
  const json& config = status["config"];
  if (!config["errors"].empty()) lines.emplace_back(tr("config"), config_problem(config));
  if (const json& damage = member(status, "database_damage"); damage.is_string()) {
    // The daemon's own words, with the file kept for recovery: it names the path.
    lines.emplace_back(tr("history"), format_tr(tr("the file was {}"), damage.get<std::string>()));
  }
  if (const int pending = status.value("pending_writes", 0); pending > 0) {
    lines.emplace_back(tr("history"), format_tr(tr_n("{} interval waiting to be written",
                                                     "{} intervals waiting to be written",
                                                     static_cast<unsigned long>(pending)),
                                                pending));
  }
  std::cout << rows(lines);
  return 0;
}

int run_today(ReadSource& source, const ReadOptions& options, const std::string& system_socket) {
  const json status = with_limits(source.request("status"), system_socket);
  const json& limits = status["limits"];
  json today = status["today"];
  today["state"] = status["state"];
  if (!limits.is_null()) today["limits"] = limits;
  today["source"] = source.source_name();
  if (options.json) {
    std::cout << today.dump() << "\n";
    return 0;
  }
  std::cout << short_date(today.value("date", "")) << "  "
            << format_tr(tr("(now {})"), state_name(status.value("state", ""))) << "\n"
            << totals_table(today, "  ");
  if (!limits.is_null()) std::cout << rows(limit_rows(limits), "  ");
  return 0;
}

}  // namespace screentime::client
