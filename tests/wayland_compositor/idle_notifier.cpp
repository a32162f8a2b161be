#include "tests/wayland_compositor/idle_notifier.hpp"

#include <wayland-server.h>

#include <algorithm>
#include <cstdio>
#include <limits>

#include "ext-idle-notify-v1-server-protocol.h"
#include "kde-idle-server-protocol.h"

namespace screentime::testing {

struct IdleNotifier::Flavor {
  const wl_interface* global;
  const void* global_requests;
  const wl_interface* object;
  const void* object_requests;
  void (*send_idle)(wl_resource*);
  void (*send_resumed)(wl_resource*);
};

// The request handlers: the generated header names their tables like the interfaces.
struct IdleNotifier::Requests {
  static void destroy(wl_client* /*client*/, wl_resource* resource) {
    wl_resource_destroy(resource);
  }
  static void get_idle_notification(wl_client* client, wl_resource* resource, std::uint32_t id,
                                    std::uint32_t timeout, wl_resource* /*seat: the only one*/) {
    static_cast<IdleNotifier*>(wl_resource_get_user_data(resource))
        ->create(client, resource, id, timeout);
  }
  // KDE's has the same arguments in another order.
  static void get_idle_timeout(wl_client* client, wl_resource* resource, std::uint32_t id,
                               wl_resource* seat, std::uint32_t timeout) {
    get_idle_notification(client, resource, id, timeout, seat);
  }
  static void simulate_user_activity(wl_client* /*client*/, wl_resource* resource) {
    auto& notification = *static_cast<Notification*>(wl_resource_get_user_data(resource));
    notification.notifier->touch(notification);
  }

  static const struct ext_idle_notifier_v1_interface kExtNotifier;
  static const struct ext_idle_notification_v1_interface kExtNotification;
  static const struct org_kde_kwin_idle_interface kKdeIdle;
  static const struct org_kde_kwin_idle_timeout_interface kKdeTimeout;
  static const Flavor kExt;
  static const Flavor kKde;
};

const struct ext_idle_notifier_v1_interface IdleNotifier::Requests::kExtNotifier {
  &destroy, &get_idle_notification
};
const struct ext_idle_notification_v1_interface IdleNotifier::Requests::kExtNotification {
  &destroy
};
const struct org_kde_kwin_idle_interface IdleNotifier::Requests::kKdeIdle { &get_idle_timeout };
const struct org_kde_kwin_idle_timeout_interface IdleNotifier::Requests::kKdeTimeout {
  &destroy, &simulate_user_activity
};
const IdleNotifier::Flavor IdleNotifier::Requests::kExt{
    &ext_idle_notifier_v1_interface,      &kExtNotifier,
    &ext_idle_notification_v1_interface,  &kExtNotification,
    &ext_idle_notification_v1_send_idled, &ext_idle_notification_v1_send_resumed};
const IdleNotifier::Flavor IdleNotifier::Requests::kKde{
    &org_kde_kwin_idle_interface,         &kKdeIdle,
    &org_kde_kwin_idle_timeout_interface, &kKdeTimeout,
    &org_kde_kwin_idle_timeout_send_idle, &org_kde_kwin_idle_timeout_send_resumed};

IdleNotifier::IdleNotifier(wl_display* display, Protocol protocol)
    : display_(display),
      flavor_(protocol == Protocol::kde_idle ? Requests::kKde : Requests::kExt),
      global_(wl_global_create(display, flavor_.global, 1, this, &bind)) {}

IdleNotifier::~IdleNotifier() {
  // Clients are gone by now (wl_display_destroy_clients): so are their notifications.
  wl_global_destroy(global_);
}

void IdleNotifier::input() {
  for (Notification& notification : notifications_) touch(notification);
}

void IdleNotifier::idle_now() {
  for (Notification& notification : notifications_) {
    if (notification.idle) continue;
    notification.idle = true;
    wl_event_source_timer_update(notification.timer, 0);  // disarmed until input
    flavor_.send_idle(notification.resource);
  }
}

void IdleNotifier::bind(wl_client* client, void* data, std::uint32_t version, std::uint32_t id) {
  const Flavor& flavor = static_cast<IdleNotifier*>(data)->flavor_;
  wl_resource* resource = wl_resource_create(client, flavor.global, static_cast<int>(version), id);
  if (resource == nullptr) return wl_client_post_no_memory(client);
  wl_resource_set_implementation(resource, flavor.global_requests, data, nullptr);
}

void IdleNotifier::create(wl_client* client, wl_resource* notifier, std::uint32_t id,
                          std::uint32_t timeout_ms) {
  wl_resource* resource =
      wl_resource_create(client, flavor_.object, wl_resource_get_version(notifier), id);
  if (resource == nullptr) return wl_client_post_no_memory(client);
  Notification& notification = notifications_.emplace_back();
  notification.notifier = this;
  notification.resource = resource;
  notification.timeout_ms = timeout_ms;
  notification.timer =
      wl_event_loop_add_timer(wl_display_get_event_loop(display_), &timed_out, &notification);
  wl_resource_set_implementation(resource, flavor_.object_requests, &notification, &destroyed);
  // "The notification object becomes idle when no user activity has happened for at least
  // the timeout duration, starting from the creation of the notification object."
  restart(notification);
  std::fprintf(stderr, "test compositor: %s after %u ms\n", flavor_.object->name, timeout_ms);
}

void IdleNotifier::touch(Notification& notification) {
  if (notification.idle) {
    notification.idle = false;
    flavor_.send_resumed(notification.resource);
  }
  restart(notification);
}

void IdleNotifier::restart(Notification& notification) {
  // A zero delay would disarm the timer; zero means "as soon as possible" here.
  constexpr std::uint32_t kLongest = std::numeric_limits<int>::max();
  const auto delay =
      static_cast<int>(std::clamp<std::uint32_t>(notification.timeout_ms, 1, kLongest));
  wl_event_source_timer_update(notification.timer, delay);
}

int IdleNotifier::timed_out(void* data) {
  auto& notification = *static_cast<Notification*>(data);
  if (!notification.idle) {
    notification.idle = true;
    notification.notifier->flavor_.send_idle(notification.resource);
  }
  return 0;
}

void IdleNotifier::destroyed(wl_resource* resource) {
  auto* notification = static_cast<Notification*>(wl_resource_get_user_data(resource));
  wl_event_source_remove(notification->timer);
  notification->notifier->notifications_.remove_if(
      [notification](const Notification& each) { return &each == notification; });
}

}  // namespace screentime::testing
