#pragma once
// How to make each real input idle source, for InputSourceKeeper (the order to try them in is
// core::order_input_sources), and what shows that one could be there (for
// SourceAppearanceWatch).

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "daemon/adapters/dbus/shared_bus.hpp"
#include "daemon/app/input_source_maker.hpp"
#include "daemon/core/idle_source.hpp"

namespace screentime::app {

// Where the user's displays are, as main read them ("" when unset).
struct UserDisplays {
  std::string x11;          // $DISPLAY
  std::string wayland;      // $WAYLAND_DISPLAY
  std::string runtime_dir;  // $XDG_RUNTIME_DIR, where a relative Wayland socket name lies
};

// InputSourceFactory: makes the adapters (X11, Wayland, GNOME, ScreenSaver), the D-Bus ones
// on the session bus. Loop thread only.
class InputSourceFactory final : public InputSourceMaker {
 public:
  InputSourceFactory(boost::asio::io_context& io, adapters::SharedBus& session_bus,
                     const core::Clock& clock, UserDisplays displays)
      : io_(io), session_bus_(session_bus), clock_(clock), displays_(std::move(displays)) {}

  MadeInputSource make(const std::string& name, core::IdleObserver& observer,
                       const std::function<void(bool)>& screensaver_active,
                       const std::function<void()>& deadline_changed) override;

 private:
  boost::asio::io_context& io_;
  adapters::SharedBus& session_bus_;
  const core::Clock& clock_;
  UserDisplays displays_;
};

// What appears when a source comes (a server starts, a compositor restarts) and goes when it
// is gone for good: a name on the session bus, or a listening socket's file. Neither is set
// when nothing can show it: then `unseen` says whether it may be there all the same (an X
// display on another host) or cannot be (DISPLAY unset, an unknown name).
struct SourceSign {
  std::string bus_name;
  std::filesystem::path socket;
  bool unseen = false;
};
SourceSign input_source_sign(const std::string& name, const UserDisplays& displays);

}  // namespace screentime::app
