#pragma once
// X11IdlePoll: the fallback for X servers without the XSync IDLETIME counter: the
// MIT-SCREEN-SAVER extension's idle time, which can only be asked for. It is asked as seldom as
// the thresholds allow: at the earliest moment the next threshold could be reached, and, while
// the user is away, every second to notice input. Loop thread only.

#include <xcb/xcb.h>

#include <chrono>
#include <optional>
#include <span>
#include <string>

#include "daemon/adapters/x11/xcb_connection.hpp"
#include "daemon/core/time.hpp"

namespace screentime::adapters {

class X11IdlePoll {
 public:
  // How often the idle time is asked for while the user is away, to notice input: also how
  // late input can be reported.
  static constexpr core::Duration kInputInterval = std::chrono::seconds{1};

  // The extension on `connection`, or nullopt with `why_not` set when the server lacks it.
  // Throws XcbError if the connection breaks meanwhile.
  static std::optional<X11IdlePoll> open(XcbConnection& connection, std::string& why_not);

  // The idle time now (a round trip); nullopt if the request failed.
  std::optional<core::Duration> query() const;

  // How long to wait before asking again, the idle time having just been `idle`: until
  // `next_threshold` (the smallest one not yet reported, if any) could be reached, and at most
  // kInputInterval while `away` (some threshold was reported and no input seen since).
  // nullopt: nothing to wait for.
  static std::optional<core::Duration> next_wait(core::Duration idle,
                                                 std::optional<core::Duration> next_threshold,
                                                 bool away);

 private:
  X11IdlePoll(xcb_connection_t* connection, xcb_window_t root)
      : connection_(connection), root_(root) {}

  xcb_connection_t* connection_;
  xcb_window_t root_;
};

}  // namespace screentime::adapters
