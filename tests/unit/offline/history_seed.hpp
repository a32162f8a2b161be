#pragma once
// A seeded history for the offline views' tests: a week in Europe/Stockholm across the end of
// summer time (2026-10-25 03:00 CEST becomes 02:00 CET) with the day starting at 04:00, every
// moment of it accounted for, nights with use from 03:00 to 05:00, and take-a-break events.
// Written through the store's own API, as the daemon writes it.

#include <filesystem>

#include "daemon/core/interval.hpp"

namespace screentime::tests {

// The seeded days (local, as the day starting at 04:00 counts them), inclusive.
inline constexpr const char* kSeedFrom = "2026-10-21";
inline constexpr const char* kSeedTo = "2026-10-27";
// The zone and the config that go with the seed.
inline constexpr const char* kSeedZone = "CET-1CEST,M3.5.0,M10.5.0/3";
inline constexpr const char* kSeedConfig = "[general]\nday_starts_at = \"04:00\"\n";

// Writes the seed for `user` into the database at `path` (created if missing) and closes it as
// a daemon that stopped cleanly leaves it.
void seed_history(const std::filesystem::path& path, core::UserId user);

}  // namespace screentime::tests
