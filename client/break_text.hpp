#pragma once
// The take-a-break reminders in words: what `breaks`, `status` and `break` print about the
// `breaks` object of the daemon's replies (docs/protocol.md), in the user's language.

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace screentime::client {

using Rows = std::vector<std::pair<std::string, std::string>>;

// "5 minutes", "1 hour 30 minutes", "40 seconds".
std::string spoken_duration(std::int64_t seconds);
// "14:00" for a moment today, "Wed 26 Nov 14:00" for another day.
std::string local_moment(std::string_view iso_moment);
// The timer of `kind` ("eye", "movement") in a breaks object; null when there is none.
const nlohmann::json& break_timer(const nlohmann::json& breaks, std::string_view kind);
// "in 12 minutes of use", "due now", "off".
std::string timer_text(const nlohmann::json& timer);
// The reminder showing: "time for an eye break (snoozed 2 times)".
std::string visible_text(const nlohmann::json& visible);
// Every line `breaks` shows about now: next breaks, pause, holds, the reminder showing.
Rows break_state_rows(const nlohmann::json& breaks);
// The one or two lines `status` adds: the next break or the pause, and the reminder showing.
Rows break_status_rows(const nlohmann::json& breaks);

}  // namespace screentime::client
