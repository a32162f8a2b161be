#pragma once
// InputSourceMaker: makes the input idle source of a given name, for InputSourceKeeper, which
// decides which to make and when; the real one builds the adapters (InputSourceFactory),
// tests make fakes. Loop thread only.

#include <functional>
#include <memory>
#include <span>
#include <string>

#include "daemon/core/idle_source.hpp"

namespace screentime::app {

// An input idle source just made, and how to start it without waiting on its peer:
// `start(thresholds, started)` calls `started(works)` once, from the loop or at once. The
// D-Bus sources ask their service asynchronously, the Wayland source its compositor; the
// others start at once.
struct MadeInputSource {
  using Started = std::function<void(bool works)>;
  using StartFunction =
      std::function<void(std::span<const core::Duration> thresholds, Started started)>;
  std::unique_ptr<core::IdleSource> source;
  StartFunction start;
};

class InputSourceMaker {
 public:
  virtual ~InputSourceMaker() = default;

  // The source named `name` (a name from core::order_input_sources()), reporting to
  // `observer`; no source when `name` is unknown. `screensaver_active` hears what a desktop
  // source says of the screen saver; `deadline_changed`, that its next_deadline() moved.
  virtual MadeInputSource make(const std::string& name, core::IdleObserver& observer,
                               const std::function<void(bool)>& screensaver_active,
                               const std::function<void()>& deadline_changed) = 0;
};

}  // namespace screentime::app
