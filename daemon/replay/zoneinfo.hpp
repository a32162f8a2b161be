#pragma once
// Loads a time zone for screentime-replay by name ("Europe/Stockholm", from the system's
// time zone database) or as a POSIX TZ rule ("CET-1CEST,M3.5.0,M10.5.0/3").

#include <memory>
#include <string>
#include <string_view>

#include "daemon/core/time_zone.hpp"

namespace screentime::replay {

// The zone's current rules: the POSIX rule in the footer of its TZif file (RFC 8536), so
// years before the rule last changed follow today's rule. Names are looked up in `zoneinfo`
// (main passes $TZDIR, else /usr/share/zoneinfo). Throws std::runtime_error.
std::shared_ptr<const core::TimeZone> load_time_zone(std::string_view name_or_rule,
                                                     const std::string& zoneinfo);

}  // namespace screentime::replay
