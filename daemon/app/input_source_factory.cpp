#include "daemon/app/input_source_factory.hpp"

#include <string_view>

#include "daemon/adapters/desktop/gnome_idle_source.hpp"
#include "daemon/adapters/desktop/screensaver_idle_source.hpp"
#include "daemon/adapters/wayland/wayland_idle_source.hpp"
#include "daemon/adapters/x11/x11_idle_source.hpp"

namespace screentime::app {

namespace {

// For the sources whose start() answers at once.
template <class Source>
MadeInputSource started_at_once(std::unique_ptr<Source> made) {
  Source* source = made.get();
  return {std::move(made),
          [source](std::span<const core::Duration> thresholds, MadeInputSource::Started started) {
            started(source->start(thresholds));
          }};
}

// For the D-Bus and Wayland sources, which ask their service or compositor without waiting.
template <class Source>
MadeInputSource started_async(std::unique_ptr<Source> made) {
  Source* source = made.get();
  return {std::move(made),
          [source](std::span<const core::Duration> thresholds, MadeInputSource::Started started) {
            source->start_async(thresholds, std::move(started));
          }};
}

}  // namespace

MadeInputSource InputSourceFactory::make(const std::string& name, core::IdleObserver& observer,
                                         const std::function<void(bool)>& screensaver_active,
                                         const std::function<void()>& deadline_changed) {
  if (name == "wayland") {
    auto source =
        std::make_unique<adapters::WaylandIdleSource>(io_, clock_, observer, displays_.wayland);
    source->deadline_changed = deadline_changed;
    return started_async(std::move(source));
  }
  if (name == "gnome") {
    auto source = std::make_unique<adapters::GnomeIdleSource>(session_bus_, clock_, observer);
    source->on_screensaver_active = screensaver_active;
    return started_async(std::move(source));
  }
  if (name == "x11") {
    auto source = std::make_unique<adapters::X11IdleSource>(io_, clock_, observer, displays_.x11);
    source->deadline_changed = deadline_changed;
    return started_at_once(std::move(source));
  }
  if (name == "screensaver") {
    auto source = std::make_unique<adapters::ScreensaverIdleSource>(session_bus_, clock_, observer);
    source->deadline_changed = deadline_changed;
    source->on_screensaver_active = screensaver_active;
    return started_async(std::move(source));
  }
  return {};
}

namespace {

// The local socket of an X display: ":1", ":1.0", "unix:1" and "unix/:1" are
// /tmp/.X11-unix/X1 (as libxcb resolves them); a display on another host has none.
std::filesystem::path x11_socket(std::string_view display) {
  const auto colon = display.rfind(':');
  if (colon == std::string_view::npos) return {};
  std::string_view host = display.substr(0, colon);
  if (host.starts_with("unix/")) host.remove_prefix(5);
  if (!host.empty() && host != "unix") return {};
  std::string_view number = display.substr(colon + 1);
  number = number.substr(0, number.find('.'));
  if (number.empty() || number.find_first_not_of("0123456789") != std::string_view::npos) {
    return {};
  }
  return std::filesystem::path("/tmp/.X11-unix") / ("X" + std::string(number));
}

// $WAYLAND_DISPLAY, relative to $XDG_RUNTIME_DIR unless absolute (as libwayland resolves it).
std::filesystem::path wayland_socket(const UserDisplays& displays) {
  if (displays.wayland.empty()) return {};
  if (displays.wayland.front() == '/') return displays.wayland;
  if (displays.runtime_dir.empty() || displays.runtime_dir.front() != '/') return {};
  return std::filesystem::path(displays.runtime_dir) / displays.wayland;
}

}  // namespace

SourceSign input_source_sign(const std::string& name, const UserDisplays& displays) {
  if (name == "gnome") return {"org.gnome.Mutter.IdleMonitor", {}};
  if (name == "screensaver") return {"org.freedesktop.ScreenSaver", {}};
  if (name == "x11") {
    if (displays.x11.empty()) return {};
    auto socket = x11_socket(displays.x11);
    return {{}, socket, socket.empty()};
  }
  if (name == "wayland") {
    if (displays.wayland.empty()) return {};
    auto socket = wayland_socket(displays);
    return {{}, socket, socket.empty()};
  }
  return {};
}

}  // namespace screentime::app
