#include "tests/wayland_compositor/idle_notifier.hpp"

#include <wayland-server.h>

#include <algorithm>
#include <cstdio>
#include <limits>

#include "ext-idle-notify-v1-server-protocol.h"

namespace screentime::testing {

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
  static const struct ext_idle_notifier_v1_interface kNotifier;
  static const struct ext_idle_notification_v1_interface kNotification;
};

const struct ext_idle_notifier_v1_interface IdleNotifier::Requests::kNotifier {
  &destroy, &get_idle_notification
};
const struct ext_idle_notification_v1_interface IdleNotifier::Requests::kNotification { &destroy };

IdleNotifier::IdleNotifier(wl_display* display)
    : display_(display),
      global_(wl_global_create(display, &ext_idle_notifier_v1_interface, 1, this, &bind)) {}

IdleNotifier::~IdleNotifier() {
  // Clients are gone by now (wl_display_destroy_clients): so are their notifications.
  wl_global_destroy(global_);
}

void IdleNotifier::input() {
  for (Notification& notification : notifications_) {
    if (notification.idle) {
      notification.idle = false;
      ext_idle_notification_v1_send_resumed(notification.resource);
    }
    restart(notification);
  }
}

void IdleNotifier::idle_now() {
  for (Notification& notification : notifications_) {
    if (notification.idle) continue;
    notification.idle = true;
    wl_event_source_timer_update(notification.timer, 0);  // disarmed until input
    ext_idle_notification_v1_send_idled(notification.resource);
  }
}

void IdleNotifier::bind(wl_client* client, void* data, std::uint32_t version, std::uint32_t id) {
  wl_resource* resource =
      wl_resource_create(client, &ext_idle_notifier_v1_interface, static_cast<int>(version), id);
  if (resource == nullptr) return wl_client_post_no_memory(client);
  wl_resource_set_implementation(resource, &Requests::kNotifier, data, nullptr);
}

void IdleNotifier::create(wl_client* client, wl_resource* notifier, std::uint32_t id,
                          std::uint32_t timeout_ms) {
  wl_resource* resource = wl_resource_create(client, &ext_idle_notification_v1_interface,
                                             wl_resource_get_version(notifier), id);
  if (resource == nullptr) return wl_client_post_no_memory(client);
  Notification& notification = notifications_.emplace_back();
  notification.notifier = this;
  notification.resource = resource;
  notification.timeout_ms = timeout_ms;
  notification.timer =
      wl_event_loop_add_timer(wl_display_get_event_loop(display_), &timed_out, &notification);
  wl_resource_set_implementation(resource, &Requests::kNotification, &notification, &destroyed);
  // "The notification object becomes idle when no user activity has happened for at least
  // the timeout duration, starting from the creation of the notification object."
  restart(notification);
  std::fprintf(stderr, "test compositor: idle notification after %u ms\n", timeout_ms);
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
    ext_idle_notification_v1_send_idled(notification.resource);
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
