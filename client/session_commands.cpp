// screentimectl watch, config check|get, forget.
#include <iostream>
#include <nlohmann/json.hpp>

#include "client/commands.hpp"
#include "client/output.hpp"

namespace screentime::client {

using nlohmann::json;

int run_watch(DaemonConnection& daemon, const ReadOptions& options) {
  daemon.send("subscribe");
  // Changes are pushed; there is nothing to wait for but the next one.
  while (auto message = daemon.next_message(std::nullopt)) {
    if (message->contains("ok") && !message->value("ok", false)) {
      const auto& error = (*message)["error"];
      throw RequestFailed(error.value("code", "internal"), error.value("message", ""));
    }
    const json& state = message->contains("result") ? (*message)["result"] : *message;
    if (options.json) {
      std::cout << state.dump() << std::endl;
    } else {
      std::cout << clock_time(state.value("since", "")) << "  "
                << state.value("state", std::string("?")) << "  ("
                << state.value("source", std::string("?")) << ")  today "
                << short_duration(state["today"].value("active_seconds", std::int64_t{0}))
                << " active" << std::endl;
    }
  }
  std::cerr << "screentimectl: screentimed went away\n";
  return 3;
}

int run_config_check(DaemonConnection& daemon, const ReadOptions& options,
                     const std::optional<std::string>& file) {
  json args = json::object();
  if (file) args["file"] = *file;
  const json check = daemon.request("config.check", args);
  if (options.json) {
    std::cout << check.dump() << "\n";
  } else {
    for (const auto& list : {"errors", "warnings"}) {
      for (const auto& diagnostic : check[list]) {
        std::cout << diagnostic.value("file", "") << ":" << diagnostic.value("line", 0) << ":"
                  << diagnostic.value("column", 0) << ": "
                  << (std::string(list) == "errors" ? "error: " : "warning: ")
                  << diagnostic.value("message", "") << "\n";
      }
    }
    if (check.value("valid", false)) {
      std::cout << check.value("file", std::string("built-in defaults")) << ": valid\n";
    }
  }
  return check.value("valid", false) ? 0 : 1;
}

int run_config_get(DaemonConnection& daemon, const ReadOptions& options) {
  const json config = daemon.request("config.get");
  if (options.json) {
    std::cout << config.dump() << "\n";
    return 0;
  }
  std::cout << "# in force: " << config.value("in_force", "") << " ("
            << config.value("file", std::string("no file")) << ")\n";
  for (const auto& [section, keys] : config["config"].items()) {
    std::cout << "[" << section << "]\n";
    for (const auto& [key, value] : keys.items()) std::cout << key << " = " << value.dump() << "\n";
  }
  return 0;
}

int run_forget(DaemonConnection& daemon, const ForgetOptions& options) {
  const std::string what = options.all ? "ALL history" : "history before " + *options.before;
  if (!options.yes) {
    std::cout << "Forget " << what << "? This cannot be undone. [y/N] " << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer) || (answer != "y" && answer != "Y" && answer != "yes")) {
      std::cout << "Nothing was deleted.\n";
      return 1;
    }
  }
  json args = options.all ? json{{"all", true}} : json{{"before", *options.before}};
  const json result = daemon.request("forget", args);
  std::cout << "Forgot history before " << result.value("forgot_before", "") << ".\n";
  return 0;
}

}  // namespace screentime::client
