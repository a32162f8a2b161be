#pragma once
// How to make each input idle source (the order to try them in is core::order_input_sources),
// and what shows that one could be there (for SourceAppearanceWatch).

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "daemon/adapters/dbus/shared_bus.hpp"
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

// The D-Bus sources talk on `session_bus`. No source when `name` is unknown.
MadeInputSource make_input_source(const std::string& name, boost::asio::io_context& io,
                                  adapters::SharedBus& session_bus, const core::Clock& clock,
                                  core::IdleObserver& observer,
                                  const std::function<void(bool)>& screensaver_active,
                                  const std::function<void()>& deadline_changed);

// What appears when a source comes (a server starts, a compositor restarts) and goes when it
// is gone for good: a name on the session bus, or a listening socket's file. Neither is set
// when nothing can show it: then `unseen` says whether it may be there all the same (an X
// display on another host) or cannot be (DISPLAY unset, an unknown name).
struct SourceSign {
  std::string bus_name;
  std::filesystem::path socket;
  bool unseen = false;
};
SourceSign input_source_sign(const std::string& name);

}  // namespace screentime::app
