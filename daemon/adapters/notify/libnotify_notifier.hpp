#pragma once
// LibnotifyNotifier: the desktop's notification server (org.freedesktop.Notifications) through
// libnotify. libnotify runs on a GLib thread of its own (LibnotifyThread); this class is its
// face on the daemon's loop: show() and close() hand the wish over and return at once, and what
// the user and the server do comes back into the io_context. Loop thread only; the listener
// must outlive it. No session bus or no server: it logs instead and says so in describe().

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>

#include "daemon/core/notifier.hpp"

namespace screentime::adapters {

class LibnotifyThread;

// "screentime" (the theme name) once the icon is installed, else the source tree's SVG.
std::string default_notification_icon();

class LibnotifyNotifier final : public core::Notifier {
 public:
  // `icon`: a theme icon name or an absolute file path; empty: none. Never throws for a
  // missing bus or server.
  LibnotifyNotifier(boost::asio::io_context& io, core::NotifierListener& listener,
                    std::string icon = default_notification_icon());
  // Closes the visible notification and stops the GLib thread.
  ~LibnotifyNotifier() override;
  LibnotifyNotifier(const LibnotifyNotifier&) = delete;
  LibnotifyNotifier& operator=(const LibnotifyNotifier&) = delete;

  void show(const core::Notification& n) override;
  void close() override;
  std::string describe() const override;
  bool has_actions() const override;

 private:
  // What the loop thread knows; the GLib thread's reports hold it too, so those still queued
  // when this object goes find `listener` null instead of a dangling `this`.
  struct LoopState {
    core::NotifierListener* listener;
    std::string description = "libnotify (waiting for the notification server)";
    bool actions = false;
  };

  std::shared_ptr<LoopState> state_;
  std::unique_ptr<LibnotifyThread> thread_;
};

}  // namespace screentime::adapters
