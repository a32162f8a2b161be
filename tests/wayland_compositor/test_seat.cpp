#include "tests/wayland_compositor/test_seat.hpp"

#include <wayland-server.h>

namespace screentime::testing {
namespace {

// Capabilities are 0, so asking for a device is the client's error.
void no_device(wl_client* /*client*/, wl_resource* seat, std::uint32_t /*id*/) {
  wl_resource_post_error(seat, WL_SEAT_ERROR_MISSING_CAPABILITY, "this seat has no devices");
}

void release(wl_client* /*client*/, wl_resource* seat) { wl_resource_destroy(seat); }

const struct wl_seat_interface kSeat { &no_device, &no_device, &no_device, &release };

}  // namespace

TestSeat::TestSeat(wl_display* display)
    : global_(wl_global_create(display, &wl_seat_interface, 1, nullptr, &bind)) {}

TestSeat::~TestSeat() { wl_global_destroy(global_); }

void TestSeat::bind(wl_client* client, void* data, std::uint32_t version, std::uint32_t id) {
  wl_resource* seat = wl_resource_create(client, &wl_seat_interface, static_cast<int>(version), id);
  if (seat == nullptr) return wl_client_post_no_memory(client);
  wl_resource_set_implementation(seat, &kSeat, data, nullptr);
  wl_seat_send_capabilities(seat, 0);
}

}  // namespace screentime::testing
