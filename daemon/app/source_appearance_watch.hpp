#pragma once
// SourceAppearanceWatch: the real SourceAppearance: follows whether each input idle source
// could be there now (its name owned on the session bus, its socket file present; see
// input_source_sign()) and tells when that changes.
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
#include "daemon/app/source_appearance.hpp"

namespace screentime::app {

class SourceAppearanceWatch final : public SourceAppearance {
 public:
  // Watches nothing until watch().
  SourceAppearanceWatch(boost::asio::io_context& io, adapters::SharedBus& session_bus,
                        UserDisplays displays);
  ~SourceAppearanceWatch() override;
  SourceAppearanceWatch(const SourceAppearanceWatch&) = delete;
  SourceAppearanceWatch& operator=(const SourceAppearanceWatch&) = delete;

  // Watches each of `sources`; `on_change` is called from inside sd-bus or inotify dispatch.
  // What cannot be watched (no session bus, a missing folder, a display on another host) is
  // logged once at debug level and counts as present; what has no sign at all (DISPLAY unset)
  // as absent.
  void watch(const std::vector<std::string>& sources, Handler on_change) override;
  bool present(const std::string& source) const override;
  // "org.freedesktop.ScreenSaver on the session bus", "/tmp/.X11-unix/X1".
  std::string sign_text(const std::string& source) const override;

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
  UserDisplays displays_;
  Handler on_change_;
  std::vector<Watched> watched_;
  adapters::SharedBus::LossSubscription loss_;
  std::vector<adapters::SdBusSlotPtr> matches_;
};

}  // namespace screentime::app
