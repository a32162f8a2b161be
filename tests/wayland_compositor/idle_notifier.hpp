#pragma once
// IdleNotifier: the test compositor's ext_idle_notifier_v1 global. Each notification runs its
// own timeout on a wl_event_loop timer (real time), says `idled` when it runs out, and
// `resumed` on the next input, which restarts every timeout (the protocol's rules). There are
// no idle inhibitors. The compositor's event loop thread only.

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
  explicit IdleNotifier(wl_display* display);
  ~IdleNotifier();
  IdleNotifier(const IdleNotifier&) = delete;
  IdleNotifier& operator=(const IdleNotifier&) = delete;

  // The user touched something: idle notifications resume, and every timeout starts again.
  void input();
  // As if every timeout ran out now.
  void idle_now();

 private:
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
  static void restart(Notification& notification);
  static int timed_out(void* data);
  static void destroyed(wl_resource* resource);

  wl_display* display_;
  wl_global* global_;
  std::list<Notification> notifications_;  // in creation order; stable addresses
};

}  // namespace screentime::testing
