#pragma once
// What the idle inhibitor adapters report: the inhibitors that keep the session from being
// marked idle right now (a playing video, a presentation). While one is held, screen time
// stays "active" without input, and the inhibitor is recorded as the interval's detail.

#include <functional>
#include <string>
#include <vector>

namespace screentime::adapters {

struct IdleInhibitor {
  std::string source;  // "logind" or "gnome-session"
  std::string who;     // application: logind's "who", GNOME's app id
  std::string why;     // reason text
  friend bool operator==(const IdleInhibitor&, const IdleInhibitor&) = default;
};

// Runs on the loop thread with every idle inhibitor of one adapter, each time that set
// changes (an empty list: none left). Nothing runs while it stays as it was.
using IdleInhibitorsChanged = std::function<void(const std::vector<IdleInhibitor>& current)>;

// For logs: `"who" ("why")`, comma-separated, or "none".
inline std::string describe_idle_inhibitors(const std::vector<IdleInhibitor>& inhibitors) {
  if (inhibitors.empty()) return "none";
  std::string text;
  for (const auto& inhibitor : inhibitors) {
    if (!text.empty()) text += ", ";
    text += '"' + inhibitor.who + "\" (\"" + inhibitor.why + "\")";
  }
  return text;
}

}  // namespace screentime::adapters
