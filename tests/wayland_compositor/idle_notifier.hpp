#pragma once
// IdleNotifier: one of the test compositor's idle globals, ext_idle_notifier_v1 or KDE's
// org_kde_kwin_idle (the two behave alike). Each notification (ext) or timeout object (KDE)
// runs its own timeout on a wl_event_loop timer (real time), says idle when it runs out, and
// `resumed` on the next input, which restarts every timeout (the protocols' rules). There
// are no idle inhibitors. The compositor's event loop thread only.

#include <cstdint>
#include <list>

struct wl_client;
struct wl_display;
struct wl_global;
struct wl_resource;
struct wl_event_source;

namespace screentime::testing {

class IdleNotifier {
 public:
  enum class Protocol { ext_idle_notify, kde_idle };

  IdleNotifier(wl_display* display, Protocol protocol);
  ~IdleNotifier();
  IdleNotifier(const IdleNotifier&) = delete;
  IdleNotifier& operator=(const IdleNotifier&) = delete;

  // The user touched something: idle notifications resume, and every timeout starts again.
  void input();
  // As if every timeout ran out now.
  void idle_now();

 private:
  struct Flavor;  // what differs between the protocols: interfaces, requests, events
  struct Notification {
    IdleNotifier* notifier = nullptr;
    wl_resource* resource = nullptr;
    wl_event_source* timer = nullptr;
    std::uint32_t timeout_ms = 0;
    bool idle = false;
  };
  struct Requests;  // the protocol request handlers

  static void bind(wl_client* client, void* data, std::uint32_t version, std::uint32_t id);
  void create(wl_client* client, wl_resource* notifier, std::uint32_t id, std::uint32_t timeout_ms);
  void touch(Notification& notification);
  static void restart(Notification& notification);
  static int timed_out(void* data);
  static void destroyed(wl_resource* resource);

  wl_display* display_;
  const Flavor& flavor_;
  wl_global* global_;
  std::list<Notification> notifications_;  // in creation order; stable addresses
};

}  // namespace screentime::testing
