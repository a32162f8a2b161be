// screentimectl status, today.
#include <iostream>
#include <nlohmann/json.hpp>

#include "client/commands.hpp"
#include "client/output.hpp"

namespace screentime::client {
namespace {

using nlohmann::json;

std::int64_t seconds(const json& totals, const char* state) {
  return totals.value(std::string(state) + "_seconds", std::int64_t{0});
}

// Waybar's custom module contract: one JSON object with text, alt, tooltip, class.
json waybar(const json& status) {
  const json& today = status["today"];
  return {{"text", short_duration(seconds(today, "active"))},
          {"alt", status["state"]},
          {"class", status["state"]},
          {"tooltip", "Screen time today: " + short_duration(seconds(today, "active")) + "\n" +
                          status["state"].get<std::string>() + " since " +
                          clock_time(status.value("since", ""))}};
}

}  // namespace

int run_status(DaemonConnection& daemon, const ReadOptions& options) {
  const json status = daemon.request("status");
  if (options.format == "waybar") {
    std::cout << waybar(status).dump() << "\n";
    return 0;
  }
  if (options.json) {
    std::cout << status.dump() << "\n";
    return 0;
  }
  const json& today = status["today"];
  std::cout << "state    " << status["state"].get<std::string>() << " since "
            << clock_time(status.value("since", "")) << " ("
            << status.value("source", std::string("?")) << ")\n"
            << "today    " << short_duration(seconds(today, "active")) << " active, "
            << short_duration(seconds(today, "idle")) << " idle, "
            << short_duration(seconds(today, "locked")) << " locked\n"
            << "source   " << status.value("activity_source", std::string("?")) << "\n";
  const json& config = status["config"];
  if (!config["errors"].empty()) {
    std::cout << "config   " << config.value("file", std::string()) << " has errors, "
              << config.value("in_force", std::string()) << " in force"
              << " (screentimectl config check)\n";
  }
  if (status.value("pending_writes", 0) > 0) {
    std::cout << "history  " << status["pending_writes"] << " interval(s) waiting to be written\n";
  }
  return 0;
}

int run_today(DaemonConnection& daemon, const ReadOptions& options) {
  const json status = daemon.request("status");
  json today = status["today"];
  today["state"] = status["state"];
  if (options.json) {
    std::cout << today.dump() << "\n";
    return 0;
  }
  std::cout << short_date(today.value("date", "")) << "  (now "
            << status["state"].get<std::string>() << ")\n"
            << totals_table(today, "  ");
  return 0;
}

}  // namespace screentime::client
