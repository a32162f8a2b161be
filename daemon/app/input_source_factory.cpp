#include "daemon/app/input_source_factory.hpp"

#include <cstdlib>

#include "daemon/adapters/desktop/gnome_idle_source.hpp"
#include "daemon/adapters/desktop/screensaver_idle_source.hpp"
#include "daemon/adapters/wayland/wayland_idle_source.hpp"
#include "daemon/adapters/x11/x11_idle_source.hpp"

namespace screentime::app {

std::vector<std::string> input_source_candidates(const std::string& configured) {
  if (configured != "auto") return {configured};
  std::vector<std::string> order;
  // Under Wayland, X11's idle counter sees only XWayland clients' input: ask the compositor.
  if (std::getenv("WAYLAND_DISPLAY")) order.push_back("wayland");
  order.insert(order.end(), {"gnome", "x11", "screensaver"});
  return order;
}

std::unique_ptr<core::IdleSource> make_input_source(
    const std::string& name, boost::asio::io_context& io, const core::Clock& clock,
    core::IdleObserver& observer, const std::function<void(bool)>& screensaver_active,
    const std::function<void()>& deadline_changed) {
  if (name == "wayland") {
    auto source = std::make_unique<adapters::WaylandIdleSource>(io, clock, observer);
    source->deadline_changed = deadline_changed;
    return source;
  }
  if (name == "gnome") {
    auto source = std::make_unique<adapters::GnomeIdleSource>(io, clock, observer);
    source->on_screensaver_active = screensaver_active;
    return source;
  }
  if (name == "x11") {
    auto source = std::make_unique<adapters::X11IdleSource>(io, clock, observer);
    source->deadline_changed = deadline_changed;
    return source;
  }
  if (name == "screensaver") {
    auto source = std::make_unique<adapters::ScreensaverIdleSource>(io, clock, observer);
    source->deadline_changed = deadline_changed;
    source->on_screensaver_active = screensaver_active;
    return source;
  }
  return nullptr;
}

}  // namespace screentime::app
