#pragma once
// XSyncIdleAlarms: the XSync extension's IDLETIME system counter (milliseconds since the last
// input, kept by the X server) on one connection, and alarms on it, so that the server tells
// us when the idle time crosses a value instead of us asking. Loop thread only.

#include <xcb/sync.h>
#include <xcb/xcb.h>

#include <optional>
#include <string>

#include "daemon/adapters/x11/xcb_connection.hpp"
#include "daemon/core/time.hpp"

namespace screentime::adapters {

struct XSyncAlarmEvent {
  xcb_sync_alarm_t alarm = 0;
  core::Duration counter_value{};  // the idle time when the alarm fired
  bool destroyed = false;          // the notice that the alarm was destroyed, nothing more
};

class XSyncIdleAlarms {
 public:
  // The counter on `connection`, or nullopt with `why_not` set when the server has no SYNC
  // extension or no IDLETIME counter. Throws XcbError if the connection breaks meanwhile.
  static std::optional<XSyncIdleAlarms> open(XcbConnection& connection, std::string& why_not);

  // An alarm that fires once as soon as the idle time is at least `idle` (at once if it is
  // already): a PositiveComparison ("greater than or equal") with delta 0, which the server
  // deactivates as it fires.
  xcb_sync_alarm_t create_idle_alarm(core::Duration idle);
  // An alarm that fires once as soon as the idle time is at most `idle` (the SYNC protocol's
  // NegativeComparison is "less than or equal"), that is, after input (at once if there was
  // input since): a NegativeComparison with delta 0.
  xcb_sync_alarm_t create_input_alarm(core::Duration idle);
  void destroy(xcb_sync_alarm_t alarm);

  // The idle time now (a round trip); nullopt if the request failed.
  std::optional<core::Duration> query() const;

  // `event` as an alarm notification from this extension, or nullopt if it is something else.
  std::optional<XSyncAlarmEvent> as_alarm(const xcb_generic_event_t& event) const;

 private:
  XSyncIdleAlarms(xcb_connection_t* connection, xcb_sync_counter_t counter,
                  std::uint8_t first_event)
      : connection_(connection), counter_(counter), first_event_(first_event) {}

  xcb_sync_alarm_t create(core::Duration value, xcb_sync_testtype_t test);

  xcb_connection_t* connection_;
  xcb_sync_counter_t counter_;
  std::uint8_t first_event_;
};

}  // namespace screentime::adapters
