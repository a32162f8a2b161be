#pragma once
// Owning handles for sd-bus objects, so that every path out of a function (exceptions
// included) gives them back, and the checks every sd-bus call site shares.

#include <systemd/sd-bus.h>

#include <memory>
#include <string>
#include <system_error>

namespace screentime::adapters {

struct SdBusSlotUnref {
  void operator()(sd_bus_slot* slot) const noexcept { sd_bus_slot_unref(slot); }
};
// Dropping a slot cancels its pending call or removes its match.
using SdBusSlotPtr = std::unique_ptr<sd_bus_slot, SdBusSlotUnref>;

struct SdBusMessageUnref {
  void operator()(sd_bus_message* message) const noexcept { sd_bus_message_unref(message); }
};
using SdBusMessagePtr = std::unique_ptr<sd_bus_message, SdBusMessageUnref>;

// An sd_bus_error that frees itself. (SD_BUS_ERROR_NULL is a C compound literal; a
// value-initialised struct is the same thing in C++.)
class SdBusError {
 public:
  SdBusError() = default;
  ~SdBusError() { sd_bus_error_free(&error_); }
  SdBusError(const SdBusError&) = delete;
  SdBusError& operator=(const SdBusError&) = delete;

  sd_bus_error* get() noexcept { return &error_; }
  bool is_set() const noexcept { return sd_bus_error_is_set(&error_) != 0; }
  bool has_name(const char* name) const noexcept {
    return sd_bus_error_has_name(&error_, name) != 0;
  }
  const sd_bus_error* get() const noexcept { return &error_; }

 private:
  sd_bus_error error_{};
};

// Throws std::system_error naming `what` for a negative sd-bus return code; else returns it
// (a read's "more to come").
inline int check(int result, const char* what) {
  if (result < 0) throw std::system_error(-result, std::generic_category(), what);
  return result;
}

// "name: message" of an error (an error reply's, or a failed synchronous call's) for logs;
// the errno text of `result` when sd-bus set no error.
inline std::string describe_error(const sd_bus_error* error, int result = 0) {
  if (error != nullptr && sd_bus_error_is_set(error)) {
    return std::string(error->name) + (error->message ? std::string(": ") + error->message : "");
  }
  return std::error_code(result < 0 ? -result : result, std::generic_category()).message();
}

}  // namespace screentime::adapters
