#include "daemon/adapters/dbus/sd_bus_calls.hpp"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdint>
#include <exception>
#include <memory>
#include <system_error>

#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {
namespace {

const char* or_empty(const char* text) { return text != nullptr ? text : ""; }

// The C edge of every handler: nothing may unwind into sd-bus.
int dispatch(sd_bus_message* message, void* userdata, sd_bus_error* /*ret_error*/) noexcept {
  try {
    (*static_cast<SdBusHandler*>(userdata))(*message);
  } catch (const std::exception& error) {
    spdlog::error("D-Bus: handling {} {}.{} failed: {}", or_empty(sd_bus_message_get_path(message)),
                  or_empty(sd_bus_message_get_interface(message)),
                  or_empty(sd_bus_message_get_member(message)), error.what());
  } catch (...) {
    spdlog::error("D-Bus: handling a message failed with an unknown exception");
  }
  // 0, never 1: for a signal, a positive result would keep the other matches from seeing it.
  return 0;
}

void destroy_handler(void* userdata) noexcept { delete static_cast<SdBusHandler*>(userdata); }

// Gives the slot the handler to own (freed by destroy_handler when the slot goes).
SdBusSlotPtr own(sd_bus_slot* slot, std::unique_ptr<SdBusHandler> handler) {
  SdBusSlotPtr owned(slot);
  sd_bus_slot_set_destroy_callback(slot, destroy_handler);
  handler.release();
  return owned;
}

}  // namespace

SdBusMessagePtr new_method_call(SdBusConnection& bus, const char* destination, const char* path,
                                const char* interface, const char* member) {
  sd_bus_message* call = nullptr;
  check(sd_bus_message_new_method_call(bus.get(), &call, destination, path, interface, member),
        "sd_bus_message_new_method_call");
  return SdBusMessagePtr(call);
}

SdBusSlotPtr call_async(SdBusConnection& bus, sd_bus_message& call, SdBusHandler on_reply,
                        std::chrono::microseconds timeout) {
  auto handler = std::make_unique<SdBusHandler>(std::move(on_reply));
  sd_bus_slot* slot = nullptr;
  check(sd_bus_call_async(bus.get(), &slot, &call, dispatch, handler.get(),
                          static_cast<std::uint64_t>(timeout.count())),
        "sd_bus_call_async");
  auto owned = own(slot, std::move(handler));
  bus.kick();  // the reply timeout is now pending, and the call may not be fully written yet
  return owned;
}

bool is_timeout(const sd_bus_error* error) {
  return error != nullptr &&
         sd_bus_error_has_names(error, SD_BUS_ERROR_NO_REPLY, SD_BUS_ERROR_TIMEOUT);
}

void detach_call(SdBusSlotPtr slot, SdBusHandler on_reply) {
  if (!slot) return;
  auto* old = static_cast<SdBusHandler*>(sd_bus_slot_get_userdata(slot.get()));
  sd_bus_slot_set_userdata(slot.get(), new SdBusHandler(std::move(on_reply)));
  delete old;  // the destroy callback frees the new one
  // Floating: the bus holds the slot now, until the reply or the timeout.
  check(sd_bus_slot_set_floating(slot.get(), 1), "sd_bus_slot_set_floating");
}

SdBusSlotPtr add_match(SdBusConnection& bus, const std::string& rule, SdBusHandler on_message) {
  auto handler = std::make_unique<SdBusHandler>(std::move(on_message));
  sd_bus_slot* slot = nullptr;
  check(sd_bus_add_match(bus.get(), &slot, rule.c_str(), dispatch, handler.get()),
        "sd_bus_add_match");
  auto owned = own(slot, std::move(handler));
  bus.kick();  // a synchronous round trip: messages may have been queued meanwhile
  return owned;
}

void read_basic(sd_bus_message& message, char type, void* value) {
  const int result = sd_bus_message_read_basic(&message, type, value);
  check(result, "sd_bus_message_read_basic");
  // 0: the message (or container) ended early.
  if (result == 0) throw std::system_error(ENXIO, std::generic_category(), "missing D-Bus value");
}

}  // namespace screentime::adapters
