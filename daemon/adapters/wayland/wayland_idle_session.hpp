#pragma once
// WaylandIdleSession: the idle objects on one connection to a compositor: a wl_seat, the best
// idle protocol it offers (ext-idle-notify-v1, else org_kde_kwin_idle), and one timeout
// object per threshold (each object has a single timeout). It passes on what the compositor
// says; what that means for the user is WaylandIdleSource's business. Loop thread only.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "daemon/adapters/wayland/wayland_connection.hpp"
#include "daemon/adapters/wayland/wayland_idle_protocol.hpp"
#include "daemon/core/time.hpp"

struct wl_callback;
struct wl_registry;
struct wl_seat;

namespace screentime::adapters {

// Destroys a proxy the way its interface wants (a destructor request where it has one).
struct WaylandProxyDeleter {
  void operator()(wl_callback* callback) const;
  void operator()(wl_registry* registry) const;
  void operator()(wl_seat* seat) const;
};
template <class Proxy>
using WaylandPtr = std::unique_ptr<Proxy, WaylandProxyDeleter>;

class WaylandIdleSession {
 public:
  class Handler {
   public:
    virtual ~Handler() = default;
    // The compositor answered: the seat and the idle protocol are bound, set_thresholds()
    // may be called (here too).
    virtual void on_ready() = 0;
    // The object for `threshold` went idle: no input for (at least) that long.
    virtual void on_idled(core::Duration threshold) = 0;
    // Input again. Each object that was idle says so: one input, several calls.
    virtual void on_resumed() = 0;
    // The compositor went away, withdrew a global in use, or answered without a seat or an
    // idle protocol (then instead of on_ready); nothing follows. The session must not be
    // destroyed inside this call.
    virtual void on_lost(const std::string& why) = 0;
  };

  // Connects to `display_name` and asks for the compositor's globals, without waiting for
  // the answer: watch() or wait() reads it. Throws WaylandError when nothing listens there.
  WaylandIdleSession(boost::asio::io_context& io, const std::string& display_name,
                     Handler& handler);
  ~WaylandIdleSession();
  WaylandIdleSession(const WaylandIdleSession&) = delete;
  WaylandIdleSession& operator=(const WaylandIdleSession&) = delete;

  // From now on the loop reads what the compositor says: first the globals, which bind the
  // first wl_seat and the preferred idle protocol's global, then on_ready() (or on_lost()).
  // A compositor that never answers is the owner's to give up on: nothing here waits.
  void watch();
  // The same, waiting at most `timeout` for the answer (start-up only, before the loop runs:
  // it reads the socket itself). Throws WaylandError when the answer does not come in time.
  void wait(std::chrono::milliseconds timeout);

  // The idle protocol in use, e.g. "ext-idle-notify-v1", once ready.
  const char* protocol() const { return protocol_kind_ != nullptr ? protocol_kind_->label : ""; }

  // Makes one timeout object per threshold, once ready: destroys the old ones and makes them
  // anew. A new object starts "not idle" and would never say `resumed` for the idle spell
  // under way, so the objects idle now are kept (retired) until their `resumed`, which then
  // ends that spell.
  void set_thresholds(std::span<const core::Duration> thresholds);

 private:
  struct Callbacks;  // the registry's and the globals' sync's C listeners
  // One timeout object and what it said last.
  struct Notification final : WaylandIdleTimeoutListener {
    void on_idle() override;
    void on_resumed() override;

    WaylandIdleSession* session = nullptr;
    core::Duration threshold{};
    bool idle = false;
    bool retired = false;
    std::unique_ptr<WaylandIdleTimeout> timeout;
  };

  void on_globals();
  void bind_protocol(const std::string& where);
  void lose(const std::string& why);

  Handler& handler_;
  std::string display_name_;
  WaylandConnection connection_;  // first: the proxies below go before it
  WaylandPtr<wl_registry> registry_;
  WaylandPtr<wl_callback> globals_;  // the sync after the registry: all globals are in
  WaylandPtr<wl_seat> seat_;
  // Registry names of the idle globals offered, as wayland_idle_protocols() lists them.
  std::vector<std::optional<std::uint32_t>> offered_;
  const WaylandIdleProtocolKind* protocol_kind_ = nullptr;
  std::unique_ptr<WaylandIdleProtocol> protocol_;  // before the objects it makes
  std::uint32_t seat_name_ = 0;  // registry names, to notice the globals being removed
  std::uint32_t protocol_name_ = 0;
  std::vector<std::unique_ptr<Notification>> notifications_;
  bool ready_ = false;
  bool lost_ = false;
};

}  // namespace screentime::adapters
