#include "daemon/app/source_appearance_watch.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <system_error>
#include <utility>

#include "daemon/adapters/dbus/name_owner.hpp"
#include "daemon/adapters/desktop/desktop_bus.hpp"

namespace screentime::app {
namespace {

bool socket_exists(const std::filesystem::path& socket) {
  std::error_code error;
  return std::filesystem::exists(socket, error);
}

}  // namespace

SourceAppearanceWatch::SourceAppearanceWatch(boost::asio::io_context& io,
                                             adapters::SharedBus& session_bus,
                                             UserDisplays displays)
    : io_(io), session_bus_(session_bus), displays_(std::move(displays)) {}

void SourceAppearanceWatch::watch(const std::vector<std::string>& sources, Handler on_change) {
  on_change_ = std::move(on_change);
  for (const auto& source : sources) {
    Watched watched;
    watched.source = source;
    watched.sign = input_source_sign(source, displays_);
    // Until watched: what can be watched may be there; what has no sign cannot.
    watched.present =
        watched.sign.unseen || !watched.sign.bus_name.empty() || !watched.sign.socket.empty();
    watched_.push_back(std::move(watched));
  }
  for (auto& watched : watched_) {
    if (!watched.sign.socket.empty()) watch_socket(watched);
  }
  watch_bus_names();
  for (const auto& watched : watched_) {
    if (!watched.watchable && watched.present) {
      spdlog::debug("input sources: cannot tell when {} appears; it is tried at start only",
                    watched.source);
    }
  }
}

SourceAppearanceWatch::~SourceAppearanceWatch() = default;

bool SourceAppearanceWatch::present(const std::string& source) const {
  const Watched* watched = find(source);
  return watched == nullptr || watched->present;
}

std::string SourceAppearanceWatch::sign_text(const std::string& source) const {
  const Watched* watched = find(source);
  if (watched == nullptr) return source;
  if (!watched->sign.bus_name.empty()) return watched->sign.bus_name + " on the session bus";
  if (!watched->sign.socket.empty()) return watched->sign.socket.string();
  return source;
}

void SourceAppearanceWatch::watch_socket(Watched& watched) {
  try {
    // One inotify watch on the folder: a socket file comes with bind() and goes with the
    // server (Xvfb and compositors remove theirs on exit).
    watched.file = std::make_unique<adapters::FileWatch>(
        io_, watched.sign.socket,
        [this, &watched] { update(watched, socket_exists(watched.sign.socket)); });
    watched.watchable = true;
    watched.present = socket_exists(watched.sign.socket);
  } catch (const std::exception& error) {
    spdlog::debug("input sources: cannot watch {}: {}", watched.sign.socket.string(), error.what());
  }
}

void SourceAppearanceWatch::watch_bus_names() {
  const bool any = std::any_of(watched_.begin(), watched_.end(),
                               [](const Watched& w) { return !w.sign.bus_name.empty(); });
  if (!any) return;
  try {
    adapters::SdBusConnection& bus = session_bus_.connect();
    loss_ = session_bus_.on_lost([this](std::string_view why) { on_bus_lost(why); });
    for (auto& watched : watched_) {
      if (watched.sign.bus_name.empty()) continue;
      // The match first, then the question: an owner arriving in between is not missed.
      matches_.push_back(
          adapters::watch_name_owner(bus, watched.sign.bus_name, [this, &watched](bool present) {
            adapters::deliver("input sources", "a bus name change",
                              [&] { update(watched, present); });
          }));
      watched.present = adapters::name_has_owner(bus, watched.sign.bus_name.c_str());
      watched.watchable = true;
    }
  } catch (const std::exception& error) {
    spdlog::debug("input sources: cannot follow names on the session bus: {}", error.what());
    matches_.clear();
    loss_.reset();
    for (auto& watched : watched_) {
      if (watched.sign.bus_name.empty()) continue;
      watched.watchable = false;
      watched.present = true;  // cannot tell
    }
  }
}

void SourceAppearanceWatch::on_bus_lost(std::string_view why) {
  // The session bus is the desktop session: what lived on it is gone, and stays so.
  spdlog::debug("input sources: session bus lost ({})", why);
  matches_.clear();
  loss_.reset();
  for (auto& watched : watched_) {
    if (!watched.sign.bus_name.empty()) update(watched, false);
  }
}

void SourceAppearanceWatch::update(Watched& watched, bool present) {
  if (watched.present == present) return;
  watched.present = present;
  spdlog::debug("input sources: {} {}", sign_text(watched.source),
                present ? "appeared" : "went away");
  on_change_(watched.source, present);
}

const SourceAppearanceWatch::Watched* SourceAppearanceWatch::find(const std::string& source) const {
  const auto it = std::find_if(watched_.begin(), watched_.end(),
                               [&](const Watched& w) { return w.source == source; });
  return it == watched_.end() ? nullptr : &*it;
}

}  // namespace screentime::app
