// screentimectl watch, config check|get, forget.
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "client/commands.hpp"
#include "client/output.hpp"
#include "daemon/i18n/i18n.hpp"
#include "daemon/protocol/limits.hpp"

namespace screentime::client {

using i18n::tr;
using nlohmann::json;

int run_watch(DaemonConnection& daemon, const ReadOptions& options) {
  daemon.send("subscribe");
  // Changes are pushed; there is nothing to wait for but the next one.
  while (auto message = daemon.next_message(std::nullopt)) {
    if (message->contains("ok") && !message->value("ok", false)) {
      const auto& error = (*message)["error"];
      throw RequestFailed(error.value("code", "internal"), error.value("message", ""));
    }
    // Other events (the limit's standing) are for status bars; this view shows states.
    if (message->contains("event") && message->value("event", "") != "state") continue;
    const json& state = message->contains("result") ? (*message)["result"] : *message;
    if (options.json) {
      std::cout << state.dump() << std::endl;
    } else {
      // TRANSLATORS: one line of `screentimectl watch`: "09:12  active  (logind)  today
      // 2h 05m active".
      std::cout << format_tr(
                       tr("{}  {}  ({})  today {} active"), clock_time(state.value("since", "")),
                       state_name(state.value("state", std::string("?"))),
                       state.value("source", std::string("?")),
                       short_duration(state["today"].value("active_seconds", std::int64_t{0})))
                << std::endl;
    }
  }
  std::cerr << "screentimectl: " << tr("screentimed went away") << "\n";
  return 3;
}

namespace {

// A file named on the command line is read here and its text sent: the daemon checks only its
// own file or text it is given, never a path a client names. What cannot be sent is reported
// as the daemon reports its own diagnostics.
json check_file(DaemonConnection& daemon, const std::string& file) {
  const auto unchecked = [&file](const std::string& why) {
    return json{{"file", file},
                {"valid", false},
                {"errors", {{{"file", file}, {"line", 0}, {"column", 0}, {"message", why}}}},
                {"warnings", json::array()}};
  };
  std::string text;
  try {
    std::ifstream in(file, std::ios::binary);
    in.exceptions(std::ios::badbit);
    if (!in) return unchecked("cannot be read");
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } catch (const std::ios::failure&) {
    return unchecked("cannot be read");  // a folder, an I/O error
  }
  if (text.size() > protocol::kMaxConfigText) {
    return unchecked("larger than " + std::to_string(protocol::kMaxConfigText) +
                     " bytes: not a screentime config");
  }
  return daemon.request("config.check", {{"text", text}, {"name", file}});
}

}  // namespace

int run_config_check(DaemonConnection& daemon, const ReadOptions& options,
                     const std::optional<std::string>& file) {
  const json check = file ? check_file(daemon, *file) : daemon.request("config.check");
  if (options.json) {
    std::cout << check.dump() << "\n";
  } else {
    for (const auto& list : {"errors", "warnings"}) {
      // The messages come from screentimed, in English: they name keys and values.
      const char* kind = std::string(list) == "errors" ? tr("error") : tr("warning");
      for (const auto& diagnostic : check[list]) {
        std::cout << diagnostic.value("file", "") << ":" << diagnostic.value("line", 0) << ":"
                  << diagnostic.value("column", 0) << ": " << kind << ": "
                  << diagnostic.value("message", "") << "\n";
      }
    }
    if (check.value("valid", false)) {
      std::cout << format_tr(tr("{}: valid"),
                             check.value("file", std::string(tr("built-in defaults"))))
                << "\n";
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
  // The rest is TOML, as in the config file: only this comment is for people.
  std::cout << "# "
            << format_tr(tr("in force: {} ({})"), config.value("in_force", ""),
                         config.value("file", std::string(tr("no file"))))
            << "\n";
  for (const auto& [section, keys] : config["config"].items()) {
    std::cout << "[" << section << "]\n";
    for (const auto& [key, value] : keys.items()) std::cout << key << " = " << value.dump() << "\n";
  }
  return 0;
}

namespace {

bool confirmed(const std::string& answer) {
  // English answers always count: people type "y" out of habit whatever the language.
  // TRANSLATORS: the short and long "yes" accepted at a [y/N] prompt, as in "[y/N]" below.
  return answer == "y" || answer == "Y" || answer == "yes" || answer == tr("y") ||
         answer == tr("yes");
}

}  // namespace

int run_forget(DaemonConnection& daemon, const ForgetOptions& options) {
  if (!options.yes) {
    std::cout << (options.all ? std::string(tr("Forget ALL history? This cannot be undone. [y/N] "))
                              : format_tr(tr("Forget history before {}? This cannot be undone. "
                                             "[y/N] "),
                                          *options.before))
              << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer) || !confirmed(answer)) {
      std::cout << tr("Nothing was deleted.") << "\n";
      return 1;
    }
  }
  json args = options.all ? json{{"all", true}} : json{{"before", *options.before}};
  const json result = daemon.request("forget", args);
  std::cout << format_tr(tr("Forgot history before {}."), result.value("forgot_before", ""))
            << "\n";
  return 0;
}

}  // namespace screentime::client
