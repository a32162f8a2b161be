#include "daemon/adapters/x11/xsync_idle_alarms.hpp"

#include <cstdint>
#include <cstring>
#include <string_view>

namespace screentime::adapters {
namespace {

constexpr std::string_view kIdleCounter = "IDLETIME";

core::Duration to_duration(xcb_sync_int64_t value) {
  const auto high = static_cast<std::uint64_t>(static_cast<std::uint32_t>(value.hi)) << 32;
  return core::Duration{static_cast<std::int64_t>(high | value.lo)};
}

xcb_sync_int64_t to_sync_value(core::Duration duration) {
  const auto value = static_cast<std::uint64_t>(duration.count());
  return {static_cast<std::int32_t>(value >> 32), static_cast<std::uint32_t>(value)};
}

// The system counter called `wanted` in a ListSystemCounters reply. Read from the wire format
// by hand: libxcb 1.15's xcb_sync_systemcounter_t pads the fixed part to 16 bytes, so its
// iterator and xcb_sync_systemcounter_name() read names two bytes too far on (and IDLETIME is
// never found). On the wire each entry is: counter (4), resolution (8), name length (2), the
// name, padding to a multiple of 4.
std::optional<xcb_sync_counter_t> find_counter(const xcb_sync_list_system_counters_reply_t* reply,
                                               std::string_view wanted) {
  if (reply == nullptr) return std::nullopt;
  constexpr std::size_t kFixed = 14;
  const auto* data = reinterpret_cast<const std::uint8_t*>(reply + 1);
  const std::size_t size = std::size_t{reply->length} * 4;
  std::size_t offset = 0;
  for (std::uint32_t i = 0; i < reply->counters_len && offset + kFixed <= size; ++i) {
    xcb_sync_counter_t counter = 0;
    std::uint16_t name_length = 0;
    std::memcpy(&counter, data + offset, sizeof counter);
    std::memcpy(&name_length, data + offset + 12, sizeof name_length);
    if (offset + kFixed + name_length > size) break;
    const std::string_view name(reinterpret_cast<const char*>(data + offset + kFixed), name_length);
    if (name == wanted) return counter;
    offset += (kFixed + name_length + 3) & ~std::size_t{3};
  }
  return std::nullopt;
}

void throw_if_broken(xcb_connection_t* connection, const char* what) {
  if (const int code = xcb_connection_has_error(connection); code != 0) {
    throw XcbError(std::string(what) + ": " + xcb_error_text(code));
  }
}

}  // namespace

std::optional<XSyncIdleAlarms> XSyncIdleAlarms::open(XcbConnection& connection,
                                                     std::string& why_not) {
  xcb_connection_t* c = connection.get();
  const xcb_query_extension_reply_t* extension = xcb_get_extension_data(c, &xcb_sync_id);
  throw_if_broken(c, "asking for the SYNC extension");
  if (extension == nullptr || extension->present == 0) {
    why_not = "the X server has no SYNC extension";
    return std::nullopt;
  }
  // The client must say which version it speaks before using the extension.
  const auto version =
      xcb_take_reply(xcb_sync_initialize_reply, c,
                     xcb_sync_initialize(c, XCB_SYNC_MAJOR_VERSION, XCB_SYNC_MINOR_VERSION));
  throw_if_broken(c, "initializing SYNC");
  if (!version) {
    why_not = "the X server refused to initialize SYNC";
    return std::nullopt;
  }
  const auto counters =
      xcb_take_reply(xcb_sync_list_system_counters_reply, c, xcb_sync_list_system_counters(c));
  throw_if_broken(c, "listing the SYNC system counters");
  if (const auto counter = find_counter(counters.get(), kIdleCounter)) {
    return XSyncIdleAlarms(c, *counter, extension->first_event);
  }
  why_not = "the X server's SYNC extension has no IDLETIME counter";
  return std::nullopt;
}

xcb_sync_alarm_t XSyncIdleAlarms::create_idle_alarm(core::Duration idle) {
  return create(idle, XCB_SYNC_TESTTYPE_POSITIVE_COMPARISON);
}

xcb_sync_alarm_t XSyncIdleAlarms::create_input_alarm(core::Duration idle) {
  return create(idle, XCB_SYNC_TESTTYPE_NEGATIVE_COMPARISON);
}

xcb_sync_alarm_t XSyncIdleAlarms::create(core::Duration value, xcb_sync_testtype_t test) {
  const xcb_sync_alarm_t alarm = xcb_generate_id(connection_);
  xcb_sync_create_alarm_value_list_t attributes{};
  attributes.counter = counter_;
  attributes.valueType = XCB_SYNC_VALUETYPE_ABSOLUTE;
  attributes.value = to_sync_value(value);
  attributes.testType = test;
  // Delta 0 on a comparison: the alarm fires once and goes inactive (SYNC protocol, "Alarm
  // triggered"), so a threshold is reported once until we create its alarm again.
  attributes.delta = to_sync_value(core::Duration::zero());
  attributes.events = 1;
  const std::uint32_t mask = XCB_SYNC_CA_COUNTER | XCB_SYNC_CA_VALUE_TYPE | XCB_SYNC_CA_VALUE |
                             XCB_SYNC_CA_TEST_TYPE | XCB_SYNC_CA_DELTA | XCB_SYNC_CA_EVENTS;
  xcb_sync_create_alarm_aux(connection_, alarm, mask, &attributes);
  return alarm;
}

void XSyncIdleAlarms::destroy(xcb_sync_alarm_t alarm) {
  xcb_sync_destroy_alarm(connection_, alarm);
}

std::optional<core::Duration> XSyncIdleAlarms::query() const {
  const auto reply = xcb_take_reply(xcb_sync_query_counter_reply, connection_,
                                    xcb_sync_query_counter(connection_, counter_));
  if (!reply) return std::nullopt;
  return to_duration(reply->counter_value);
}

std::optional<XSyncAlarmEvent> XSyncIdleAlarms::as_alarm(const xcb_generic_event_t& event) const {
  // The top bit says the event was sent by a client (SendEvent), not by the server.
  if ((event.response_type & 0x7f) != first_event_ + XCB_SYNC_ALARM_NOTIFY) return std::nullopt;
  const auto& alarm = reinterpret_cast<const xcb_sync_alarm_notify_event_t&>(event);
  return XSyncAlarmEvent{alarm.alarm, to_duration(alarm.counter_value),
                         alarm.state == XCB_SYNC_ALARMSTATE_DESTROYED};
}

}  // namespace screentime::adapters
