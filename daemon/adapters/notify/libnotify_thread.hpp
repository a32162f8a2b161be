#pragma once
// LibnotifyThread: libnotify on a small thread of its own with its own GMainContext, made the
// thread-default there before libnotify creates its proxy, so the proxy's signals (actions,
// closed) and the bus name watch are dispatched on that thread and nowhere else. libnotify's
// calls are synchronous D-Bus round trips (libnotify 0.8): here they may block, the
// daemon's loop never does. want() may be called from any thread; Events run on this thread.
// libnotify's state is process-wide: one instance at a time.

#include <gio/gio.h>
#include <libnotify/notify.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "daemon/core/notifier.hpp"

namespace screentime::adapters {

class LibnotifyThread {
 public:
  struct Events {
    // The server came or went; `description` for describe(), `actions` for has_actions().
    std::function<void(bool available, std::string description, bool actions)> server_changed;
    std::function<void(std::string key)> action;
    std::function<void()> dismissed;
  };

  // `icon`: a theme icon name or an absolute file path. Starts the thread; never throws for a
  // missing bus or server (Events::server_changed says so).
  LibnotifyThread(std::string icon, Events events);
  // Closes the visible notification (without waiting for the server) and joins the thread.
  ~LibnotifyThread();
  LibnotifyThread(const LibnotifyThread&) = delete;
  LibnotifyThread& operator=(const LibnotifyThread&) = delete;

  // From now on show `notification` (nullopt: nothing); only the latest wish counts.
  void want(std::optional<core::Notification> notification);

 private:
  enum class Server : std::uint8_t { unknown, present, absent };

  void run();
  void connect();
  void disconnect();
  void sync();
  void present(const core::Notification& n, std::uint64_t generation);
  void close_visible();
  void drop_notification();
  void set_server(Server server, std::string description);
  std::string read_capabilities();

  static gboolean on_wake(gpointer self);
  static void on_appeared(GDBusConnection*, const gchar*, const gchar*, gpointer self);
  static void on_vanished(GDBusConnection*, const gchar*, gpointer self);
  static void on_closed(NotifyNotification* notification, gpointer self);
  static void on_action(NotifyNotification* notification, char* key, gpointer self);

  // Shared with the caller's thread, under mutex_.
  std::mutex mutex_;
  std::optional<core::Notification> wanted_;
  std::uint64_t wanted_generation_ = 0;
  bool wake_pending_ = false;

  // The GLib thread's own.
  Server server_ = Server::unknown;
  bool actions_ = false, markup_ = false, hyperlinks_ = false;  // server capabilities
  GDBusConnection* bus_ = nullptr;
  guint watch_id_ = 0;
  NotifyNotification* notification_ = nullptr;  // the visible one; replaced after it closed
  std::uint64_t shown_generation_ = 0;          // of wanted_, 0: none shown
  std::uint64_t logged_generation_ = 0;         // the last one logged for want of a server
  std::string shown_link_;
  bool acted_ = false;  // an action came for the visible one: a close after it is no dismissal

  const std::string icon_;
  const Events events_;
  GMainContext* const context_;
  GMainLoop* const loop_;
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace screentime::adapters
