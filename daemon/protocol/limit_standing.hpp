#pragma once
// A limited user's standing (a `limits.status` object) between two pushes of `limits.watch`:
// what the docs tell a consumer to count by itself, and what of it changes only by an event.
// Pure: no I/O. Linked by the daemon and by screentimectl.

#include <chrono>
#include <nlohmann/json.hpp>

#include "daemon/protocol/iso8601.hpp"

namespace screentime::protocol {

// `standing` as it is `elapsed` after it was pushed, at wall time `now`: while it counts, the
// used figures rise and the time left falls; while the allowed hours run, the time left never
// outlasts them. Null stays null.
nlohmann::json standing_after(nlohmann::json standing, std::chrono::seconds elapsed, WallTime now);

// The standing without the figures that change by time passing alone: two standings with the
// same shape differ only by what a consumer counts itself, so no event is due between them.
nlohmann::json standing_shape(nlohmann::json standing);

}  // namespace screentime::protocol
