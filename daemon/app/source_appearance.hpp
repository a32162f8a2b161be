#pragma once
// SourceAppearance: tells InputSourceKeeper whether each candidate input idle source could be
// there now, and when that changes, so that a source absent at start, or lost, is tried again
// when it appears. The real one watches bus names and sockets (SourceAppearanceWatch); tests
// script it. Loop thread only.

#include <functional>
#include <string>
#include <vector>

namespace screentime::app {

class SourceAppearance {
 public:
  // Called on each change, possibly from inside a bus's or inotify's dispatch: post anything
  // that starts a source out of that stack frame.
  using Handler = std::function<void(const std::string& source, bool present)>;

  virtual ~SourceAppearance() = default;

  // Starts following each of `sources` (names from core::order_input_sources()); once.
  virtual void watch(const std::vector<std::string>& sources, Handler on_change) = 0;
  // Whether `source` may be there: its sign is present, or nothing can tell (then only its
  // own adapter can).
  virtual bool present(const std::string& source) const = 0;
  // What shows it, for the log: "org.freedesktop.ScreenSaver on the session bus".
  virtual std::string sign_text(const std::string& source) const = 0;
};

}  // namespace screentime::app
