#pragma once
// TestSeat: the test compositor's wl_seat, version 1, with no input devices. Clients need a
// seat to ask for idle notifications; the "input" itself comes from the test's commands.
// The compositor's event loop thread only.

#include <cstdint>

struct wl_client;
struct wl_display;
struct wl_global;

namespace screentime::testing {

class TestSeat {
 public:
  explicit TestSeat(wl_display* display);
  ~TestSeat();
  TestSeat(const TestSeat&) = delete;
  TestSeat& operator=(const TestSeat&) = delete;

 private:
  static void bind(wl_client* client, void* data, std::uint32_t version, std::uint32_t id);

  wl_global* global_;
};

}  // namespace screentime::testing
