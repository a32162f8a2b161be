#include "daemon/adapters/wayland/wayland_idle_session.hpp"

#include <spdlog/spdlog.h>
#include <wayland-client.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <limits>

#include "ext-idle-notify-v1-client-protocol.h"

namespace screentime::adapters {
namespace {

std::uint32_t timeout_ms(core::Duration threshold) {
  constexpr auto kMax = std::numeric_limits<std::uint32_t>::max();
  return static_cast<std::uint32_t>(std::clamp<core::Duration::rep>(threshold.count(), 0, kMax));
}

// The listeners run inside wl_display_dispatch_pending, a C frame: nothing may unwind out.
template <class Call>
void guarded(const char* what, const Call& call) noexcept {
  try {
    call();
  } catch (const std::exception& error) {
    spdlog::error("wayland: handling {} failed: {}", what, error.what());
  }
}

}  // namespace

void WaylandProxyDeleter::operator()(wl_registry* registry) const { wl_registry_destroy(registry); }
// wl_seat.release needs version 5; we bind version 1, where the proxy just goes.
void WaylandProxyDeleter::operator()(wl_seat* seat) const { wl_seat_destroy(seat); }
void WaylandProxyDeleter::operator()(ext_idle_notifier_v1* notifier) const {
  ext_idle_notifier_v1_destroy(notifier);
}
void WaylandProxyDeleter::operator()(ext_idle_notification_v1* notification) const {
  ext_idle_notification_v1_destroy(notification);
}

struct WaylandIdleSession::Callbacks {
  static void global(void* data, wl_registry* registry, std::uint32_t name, const char* interface,
                     std::uint32_t /*version*/) {
    auto& session = *static_cast<WaylandIdleSession*>(data);
    // Version 1 of both is all we use; every compositor offering them has it.
    if (std::strcmp(interface, wl_seat_interface.name) == 0 && !session.seat_) {
      session.seat_.reset(
          static_cast<wl_seat*>(wl_registry_bind(registry, name, &wl_seat_interface, 1)));
      session.seat_name_ = name;
    } else if (std::strcmp(interface, ext_idle_notifier_v1_interface.name) == 0 &&
               !session.notifier_) {
      session.notifier_.reset(static_cast<ext_idle_notifier_v1*>(
          wl_registry_bind(registry, name, &ext_idle_notifier_v1_interface, 1)));
      session.notifier_name_ = name;
    }
  }

  static void global_remove(void* data, wl_registry* /*registry*/, std::uint32_t name) {
    auto& session = *static_cast<WaylandIdleSession*>(data);
    if (name == session.seat_name_ && session.seat_) {
      guarded("a removed seat", [&] { session.lose("the compositor removed its wl_seat"); });
    } else if (name == session.notifier_name_ && session.notifier_) {
      guarded("a removed global",
              [&] { session.lose("the compositor removed ext_idle_notifier_v1"); });
    }
  }

  static void idled(void* data, ext_idle_notification_v1* /*notification*/) {
    auto& notification = *static_cast<Notification*>(data);
    notification.idle = true;
    WaylandIdleSession& session = *notification.session;
    if (notification.retired || session.lost_) return;
    // Last: the handler may replace the notifications, this one included.
    guarded("idled", [&] { session.handler_.on_idled(notification.threshold); });
  }

  static void resumed(void* data, ext_idle_notification_v1* /*notification*/) {
    auto& notification = *static_cast<Notification*>(data);
    notification.idle = false;
    WaylandIdleSession& session = *notification.session;
    if (notification.retired) {
      // It has seen the idle spell out. Any other retired ones say the same: they go too (and
      // their queued events with them). `notification` is gone after this.
      std::erase_if(session.notifications_, [](const auto& each) { return each->retired; });
    }
    if (session.lost_) return;
    guarded("resumed", [&] { session.handler_.on_resumed(); });
  }

  static const wl_registry_listener kRegistry;
  static const ext_idle_notification_v1_listener kNotification;
};

const wl_registry_listener WaylandIdleSession::Callbacks::kRegistry{&global, &global_remove};
const ext_idle_notification_v1_listener WaylandIdleSession::Callbacks::kNotification{&idled,
                                                                                     &resumed};

WaylandIdleSession::WaylandIdleSession(boost::asio::io_context& io, const std::string& display_name,
                                       std::span<const core::Duration> thresholds,
                                       std::chrono::milliseconds timeout, Handler& handler)
    : handler_(handler), display_name_(display_name), connection_(io, display_name) {
  registry_.reset(wl_display_get_registry(connection_.display()));
  wl_registry_add_listener(registry_.get(), &Callbacks::kRegistry, this);
  connection_.roundtrip(timeout);  // the globals arrive, and are bound as they do
  const std::string where = "the compositor on \"" + display_name + "\"";
  if (!notifier_) {
    throw WaylandError(where + " does not offer ext_idle_notifier_v1 (ext-idle-notify-v1)");
  }
  if (!seat_) throw WaylandError(where + " has no wl_seat");
  set_thresholds(thresholds);
  connection_.watch(
      [this](const std::string& why) { guarded("a lost connection", [&] { lose(why); }); });
}

WaylandIdleSession::~WaylandIdleSession() = default;

void WaylandIdleSession::set_thresholds(std::span<const core::Duration> thresholds) {
  std::erase_if(notifications_, [](const auto& each) { return !each->idle; });
  for (auto& each : notifications_) each->retired = true;
  for (const core::Duration threshold : thresholds) {
    auto notification = std::make_unique<Notification>();
    notification->session = this;
    notification->threshold = threshold;
    notification->proxy.reset(ext_idle_notifier_v1_get_idle_notification(
        notifier_.get(), timeout_ms(threshold), seat_.get()));
    ext_idle_notification_v1_add_listener(notification->proxy.get(), &Callbacks::kNotification,
                                          notification.get());
    notifications_.push_back(std::move(notification));
  }
  connection_.flush();
}

void WaylandIdleSession::lose(const std::string& why) {
  if (lost_) return;
  lost_ = true;
  handler_.on_lost(why);
}

}  // namespace screentime::adapters
