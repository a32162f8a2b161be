#include "daemon/adapters/wayland/wayland_idle_protocol.hpp"

#include <wayland-client.h>

#include <array>

#include "ext-idle-notify-v1-client-protocol.h"
#include "kde-idle-client-protocol.h"

namespace screentime::adapters {
namespace {

// The two protocols differ only in names: one implementation, given each one's generated
// types and functions by a traits struct (Global, Timeout, Listener, interface, make, destroy,
// add_listener).
template <class Traits>
class IdleProtocol final : public WaylandIdleProtocol {
 public:
  explicit IdleProtocol(typename Traits::Global* global) : global_(global) {}
  ~IdleProtocol() override { Traits::destroy(global_); }
  IdleProtocol(const IdleProtocol&) = delete;
  IdleProtocol& operator=(const IdleProtocol&) = delete;

  static std::unique_ptr<WaylandIdleProtocol> bind(wl_registry& registry, std::uint32_t name) {
    return std::make_unique<IdleProtocol>(static_cast<typename Traits::Global*>(
        wl_registry_bind(&registry, name, &Traits::interface, 1)));
  }

  std::unique_ptr<WaylandIdleTimeout> watch(wl_seat& seat, std::uint32_t timeout_ms,
                                            WaylandIdleTimeoutListener& listener) override {
    return std::make_unique<Timeout>(Traits::make(global_, &seat, timeout_ms), listener);
  }

 private:
  class Timeout final : public WaylandIdleTimeout {
   public:
    Timeout(typename Traits::Timeout* proxy, WaylandIdleTimeoutListener& listener) : proxy_(proxy) {
      Traits::add_listener(proxy_, &kListener, &listener);
    }
    ~Timeout() override { Traits::destroy(proxy_); }
    Timeout(const Timeout&) = delete;
    Timeout& operator=(const Timeout&) = delete;

   private:
    static void idle(void* data, typename Traits::Timeout* /*proxy*/) {
      static_cast<WaylandIdleTimeoutListener*>(data)->on_idle();
    }
    static void resumed(void* data, typename Traits::Timeout* /*proxy*/) {
      static_cast<WaylandIdleTimeoutListener*>(data)->on_resumed();
    }
    static constexpr typename Traits::Listener kListener{&idle, &resumed};

    typename Traits::Timeout* proxy_;
  };

  typename Traits::Global* global_;
};

struct ExtIdleNotify {
  using Global = ext_idle_notifier_v1;
  using Timeout = ext_idle_notification_v1;
  using Listener = ext_idle_notification_v1_listener;
  static constexpr const wl_interface& interface = ext_idle_notifier_v1_interface;
  static Timeout* make(Global* global, wl_seat* seat, std::uint32_t timeout_ms) {
    return ext_idle_notifier_v1_get_idle_notification(global, timeout_ms, seat);
  }
  static void destroy(Global* global) { ext_idle_notifier_v1_destroy(global); }
  static void destroy(Timeout* timeout) { ext_idle_notification_v1_destroy(timeout); }
  static int add_listener(Timeout* timeout, const Listener* listener, void* data) {
    return ext_idle_notification_v1_add_listener(timeout, listener, data);
  }
};

struct KdeIdle {
  using Global = org_kde_kwin_idle;
  using Timeout = org_kde_kwin_idle_timeout;
  using Listener = org_kde_kwin_idle_timeout_listener;
  static constexpr const wl_interface& interface = org_kde_kwin_idle_interface;
  static Timeout* make(Global* global, wl_seat* seat, std::uint32_t timeout_ms) {
    return org_kde_kwin_idle_get_idle_timeout(global, seat, timeout_ms);
  }
  // The global has no destructor request: the proxy just goes.
  static void destroy(Global* global) { org_kde_kwin_idle_destroy(global); }
  static void destroy(Timeout* timeout) { org_kde_kwin_idle_timeout_release(timeout); }
  static int add_listener(Timeout* timeout, const Listener* listener, void* data) {
    return org_kde_kwin_idle_timeout_add_listener(timeout, listener, data);
  }
};

constexpr std::array<WaylandIdleProtocolKind, 2> kProtocols{{
    {&ExtIdleNotify::interface, "ext-idle-notify-v1", &IdleProtocol<ExtIdleNotify>::bind},
    {&KdeIdle::interface, "org_kde_kwin_idle", &IdleProtocol<KdeIdle>::bind},
}};

}  // namespace

std::span<const WaylandIdleProtocolKind> wayland_idle_protocols() { return kProtocols; }

}  // namespace screentime::adapters
