#pragma once
// WaylandIdleSession: the ext-idle-notify-v1 objects on one connection to a compositor: a
// wl_seat, the ext_idle_notifier_v1, and one ext_idle_notification_v1 per threshold (each
// object has a single timeout). It passes on what the compositor says; what that means for
// the user is WaylandIdleSource's business. Loop thread only.

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "daemon/adapters/wayland/wayland_connection.hpp"
#include "daemon/core/time.hpp"

struct wl_registry;
struct wl_seat;
struct ext_idle_notifier_v1;
struct ext_idle_notification_v1;

namespace screentime::adapters {

// Destroys a proxy the way its interface wants (a destructor request where it has one).
struct WaylandProxyDeleter {
  void operator()(wl_registry* registry) const;
  void operator()(wl_seat* seat) const;
  void operator()(ext_idle_notifier_v1* notifier) const;
  void operator()(ext_idle_notification_v1* notification) const;
};
template <class Proxy>
using WaylandPtr = std::unique_ptr<Proxy, WaylandProxyDeleter>;

class WaylandIdleSession {
 public:
  class Handler {
   public:
    virtual ~Handler() = default;
    // The notification for `threshold` went idle: no input for (at least) that long.
    virtual void on_idled(core::Duration threshold) = 0;
    // Input again. Each notification that was idle says so: one input, several calls.
    virtual void on_resumed() = 0;
    // The compositor went away or withdrew a global in use; nothing follows. The session must
    // not be destroyed inside this call.
    virtual void on_lost(const std::string& why) = 0;
  };

  // Connects to `display_name`, binds the first wl_seat and ext_idle_notifier_v1, and watches
  // `thresholds`. Throws WaylandError when nothing listens there, the compositor does not
  // answer within `timeout`, or it lacks either global. Blocks for one round trip.
  WaylandIdleSession(boost::asio::io_context& io, const std::string& display_name,
                     std::span<const core::Duration> thresholds, std::chrono::milliseconds timeout,
                     Handler& handler);
  ~WaylandIdleSession();
  WaylandIdleSession(const WaylandIdleSession&) = delete;
  WaylandIdleSession& operator=(const WaylandIdleSession&) = delete;

  // Destroys the notification objects and makes one per threshold anew. A new object starts
  // "not idle" and would never say `resumed` for the idle spell under way, so the objects
  // idle now are kept (retired) until their `resumed`, which then ends that spell.
  void set_thresholds(std::span<const core::Duration> thresholds);

 private:
  struct Callbacks;  // the C listeners
  struct Notification {
    WaylandIdleSession* session = nullptr;
    core::Duration threshold{};
    bool idle = false;
    bool retired = false;
    WaylandPtr<ext_idle_notification_v1> proxy;
  };

  void lose(const std::string& why);

  Handler& handler_;
  std::string display_name_;
  WaylandConnection connection_;  // first: the proxies below go before it
  WaylandPtr<wl_registry> registry_;
  WaylandPtr<wl_seat> seat_;
  WaylandPtr<ext_idle_notifier_v1> notifier_;
  std::uint32_t seat_name_ = 0;  // registry names, to notice the globals being removed
  std::uint32_t notifier_name_ = 0;
  std::vector<std::unique_ptr<Notification>> notifications_;
  bool lost_ = false;
};

}  // namespace screentime::adapters
