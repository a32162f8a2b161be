#pragma once
// What `screentimectl pause --until` sends: the moment the user named, as ISO 8601 with the
// local UTC offset (docs/protocol.md, `pause`). Local time comes from the C library's zone
// (TZ), so it follows the user's zone and its daylight-saving rules.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace screentime::client {

// "HH:MM" (or "H:MM"): the next such local time after `now` (today, or tomorrow once it has
// passed); "YYYY-MM-DDTHH:MM[:SS]" (or with a space for the T): that local time; an ISO 8601
// date-time with an offset or Z: kept as it is. nullopt for anything else. A local time that a
// daylight-saving change skips is moved on by the change (mktime's rule).
std::optional<std::string> pause_until_argument(std::string_view text,
                                                std::chrono::system_clock::time_point now);

}  // namespace screentime::client
