#pragma once
// SourceAppearanceWatch: follows whether each input idle source could be there now (its name
// owned on the session bus, its socket file present; see input_source_sign()) and tells when
// that changes, so that a source absent at start, or lost, is tried again when it appears.
// Event-driven: NameOwnerChanged on the shared session bus connection, inotify on the
// sockets' folders; nothing wakes while nothing changes. Loop thread only.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"
#include "daemon/adapters/dbus/shared_bus.hpp"
#include "daemon/adapters/system/file_watch.hpp"
#include "daemon/app/input_source_factory.hpp"

namespace screentime::app {

class SourceAppearanceWatch {
 public:
  // Called on each change, from inside sd-bus or inotify dispatch: post anything that
  // destroys this watch or starts a source out of that stack frame.
  using Handler = std::function<void(const std::string& source, bool present)>;

  // Watches each of `sources` (names from core::order_input_sources()). What cannot be watched
  // (no session bus, a missing folder, a display on another host) is logged once at debug
  // level and counts as present; what has no sign at all (DISPLAY unset) as absent.
  SourceAppearanceWatch(boost::asio::io_context& io, adapters::SharedBus& session_bus,
                        const std::vector<std::string>& sources, Handler on_change);
  ~SourceAppearanceWatch();
  SourceAppearanceWatch(const SourceAppearanceWatch&) = delete;
  SourceAppearanceWatch& operator=(const SourceAppearanceWatch&) = delete;

  // Whether `source` may be there: its sign is present, or it cannot be watched (then only
  // its own adapter can tell).
  bool present(const std::string& source) const;
  // What shows it, for the log: "org.freedesktop.ScreenSaver on the session bus",
  // "/tmp/.X11-unix/X1".
  std::string sign_text(const std::string& source) const;

 private:
  struct Watched {
    std::string source;
    SourceSign sign;
    bool watchable = false;
    bool present = false;  // or, while not watchable, whether it may be there
    std::unique_ptr<adapters::FileWatch> file;
  };

  void watch_bus_names();
  void watch_socket(Watched& watched);
  void on_bus_lost(std::string_view why);
  void update(Watched& watched, bool present);
  const Watched* find(const std::string& source) const;

  boost::asio::io_context& io_;
  adapters::SharedBus& session_bus_;
  Handler on_change_;
  std::vector<Watched> watched_;
  adapters::SharedBus::LossSubscription loss_;
  std::vector<adapters::SdBusSlotPtr> matches_;
};

}  // namespace screentime::app
