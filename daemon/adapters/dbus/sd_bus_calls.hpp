#pragma once
// Method calls and signal matches on an SdBusConnection with std::function handlers. Each
// handler is owned by the slot returned: dropping the slot cancels the call (its reply is then
// dropped unread) or removes the match. Handlers run on the loop thread from inside
// sd_bus_process(); an exception leaving one is logged there and goes no further (callbacks
// are noexcept at their edge).

#include <systemd/sd-bus.h>

#include <chrono>
#include <functional>
#include <string>

#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {

using SdBusHandler = std::function<void(sd_bus_message& message)>;

// A method call to fill with sd_bus_message_append(). Throws std::system_error.
SdBusMessagePtr new_method_call(SdBusConnection& bus, const char* destination, const char* path,
                                const char* interface, const char* member);

// Sends `call`; `on_reply` gets the reply or an error reply (sd_bus_message_is_method_error),
// which is also what a timeout (`timeout`, zero for sd-bus's default of 25 s: NoReply) or a
// lost connection gives. The connection's timerfd wakes the loop for the timeout, so a peer
// that never answers costs no wait. Throws std::system_error when the call cannot be sent.
SdBusSlotPtr call_async(SdBusConnection& bus, sd_bus_message& call, SdBusHandler on_reply,
                        std::chrono::microseconds timeout = {});

// Whether `error` (of an error reply) says the peer did not answer in time.
bool is_timeout(const sd_bus_error* error);

// Lets the call behind `slot` outlive its owner, which is going away: `on_reply` (which must
// not reach the owner) replaces its handler, and the bus keeps the call until it is answered
// or times out. For a clean-up that needs the answer, as removing a watch needs its id.
void detach_call(SdBusSlotPtr slot, SdBusHandler on_reply);

// Adds the match `rule` (synchronously: one AddMatch round trip to the bus daemon) and runs
// `on_message` for each message it matches. Throws std::system_error.
SdBusSlotPtr add_match(SdBusConnection& bus, const std::string& rule, SdBusHandler on_message);

// Reads the next basic value of `type` ('s', 'o', 'b', 't', ...) from `message` into `value`,
// as sd_bus_message_read_basic() does. Throws std::system_error when it holds something else.
void read_basic(sd_bus_message& message, char type, void* value);

}  // namespace screentime::adapters
