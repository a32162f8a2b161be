// screentimectl status --format and watch --format: one line for a status bar, from the
// daemon's status or its subscribe stream; see bar_view.hpp.
#include <iostream>
#include <nlohmann/json.hpp>

#include "client/bar_view.hpp"
#include "client/commands.hpp"
#include "client/daemon_connection.hpp"
#include "client/output.hpp"
#include "daemon/i18n/i18n.hpp"
#include "daemon/protocol/duration_text.hpp"

namespace screentime::client {
namespace {

using nlohmann::json;

protocol::WallTime wall_now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

}  // namespace

ViewConfig view_config(ReadSource& source) {
  const json config = source.request("config.get")["config"];
  const auto seconds = [](const json& text) -> std::optional<std::int64_t> {
    const auto parsed = protocol::parse_duration(text.is_string() ? text.get<std::string>() : "");
    if (!parsed) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::seconds>(*parsed).count();
  };
  ViewConfig view;
  const json& goal = member(config, "goal");
  if (goal.is_object() && goal.value("enabled", false))
    view.goal_seconds = seconds(member(goal, "daily"));
  std::optional<std::int64_t> shortest;
  for (const char* kind : {"eye", "movement"}) {
    const json& rule = member(member(config, "breaks"), kind);
    if (!rule.is_object() || !rule.value("enabled", false)) continue;
    if (const auto length = seconds(member(rule, "length"));
        length && (!shortest || *length < *shortest)) {
      shortest = length;
    }
  }
  if (shortest && *shortest > 0) view.shortest_break_seconds = *shortest;
  return view;
}

int run_bar_status(DaemonConnection& daemon, const json& status, const std::string& format) {
  BarView view(view_config(daemon).goal_seconds);
  const auto now = BarClock::now();
  view.take_status(status, now);
  std::cout << format_bar(view.line(now, wall_now()), format, false) << std::endl;
  return 0;
}

int run_bar_watch(DaemonConnection& daemon, const std::string& format) {
  BarView view(view_config(daemon).goal_seconds);
  daemon.send("subscribe");
  std::string shown;
  std::optional<std::chrono::seconds> wait;
  while (true) {
    // The daemon pushes changes only; between them the line is counted here, waking when the
    // text would change (once a minute of use at most, never while nothing moves).
    const bool message_came = !wait || daemon.wait_readable(*wait);
    const auto now = BarClock::now();
    if (message_came) {
      const auto message = daemon.next_message(std::nullopt);
      if (!message) break;
      if (message->contains("ok")) {
        if (!message->value("ok", false)) {
          const auto& error = (*message)["error"];
          throw RequestFailed(error.value("code", "internal"), error.value("message", ""));
        }
        view.take_status((*message)["result"], now);
      } else {
        view.take_event(*message, now);
      }
    }
    const auto line = format_bar(view.line(now, wall_now()), format, true);
    if (line != shown) {
      std::cout << line << std::endl;
      shown = line;
    }
    wait = view.next_change(now, wall_now());
  }
  std::cerr << "screentimectl: " << i18n::tr("screentimed went away") << "\n";
  return 3;
}

}  // namespace screentime::client
