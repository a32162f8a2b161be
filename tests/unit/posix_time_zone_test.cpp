#include "daemon/core/posix_time_zone.hpp"

#include <gtest/gtest.h>

#include "tests/unit/core_test_support.hpp"

namespace screentime::core {
namespace {

using namespace testing;

struct OffsetCase {
  const char* spec;
  WallTime at;
  std::chrono::seconds expected;
};

class PosixTimeZoneOffsets : public ::testing::TestWithParam<OffsetCase> {};

TEST_P(PosixTimeZoneOffsets, GiveTheOffsetInForce) {
  const auto zone = PosixTimeZone::parse(GetParam().spec);
  ASSERT_TRUE(zone.has_value()) << GetParam().spec;
  EXPECT_EQ(zone->utc_offset(GetParam().at), GetParam().expected);
}

constexpr const char* kStockholm = "CET-1CEST,M3.5.0,M10.5.0/3";

INSTANTIATE_TEST_SUITE_P(
    Table, PosixTimeZoneOffsets,
    ::testing::Values(
        OffsetCase{"UTC0", utc(2026, 7, 1), 0s}, OffsetCase{kStockholm, utc(2026, 1, 15), 1h},
        OffsetCase{kStockholm, utc(2026, 7, 15), 2h},
        // Spring forward: last Sunday of March 2026 is the 29th, at 01:00 UTC.
        OffsetCase{kStockholm, utc(2026, 3, 29, 0, 59, 59), 1h},
        OffsetCase{kStockholm, utc(2026, 3, 29, 1), 2h},
        // Fall back: last Sunday of October 2026 is the 25th, at 01:00 UTC.
        OffsetCase{kStockholm, utc(2026, 10, 25, 0, 59, 59), 2h},
        OffsetCase{kStockholm, utc(2026, 10, 25, 1), 1h},
        OffsetCase{"EST5EDT,M3.2.0,M11.1.0", utc(2026, 3, 8, 6, 59, 59), -5h},
        OffsetCase{"EST5EDT,M3.2.0,M11.1.0", utc(2026, 3, 8, 7), -4h},
        // Southern hemisphere: summer spans the new year.
        OffsetCase{"AEST-10AEDT,M10.1.0,M4.1.0/3", utc(2026, 1, 10), 11h},
        OffsetCase{"AEST-10AEDT,M10.1.0,M4.1.0/3", utc(2026, 6, 10), 10h},
        OffsetCase{"<+0530>-5:30", utc(2026, 6, 10), 5h + 30min},
        OffsetCase{"<-03>3", utc(2026, 6, 10), -3h},
        // Julian-day rules: J60 is 1 March even in a leap year; 59 (zero-based) is 29 Feb.
        OffsetCase{"XXX0YYY,J60/0,J300", utc(2028, 2, 29, 12), 0s},
        OffsetCase{"XXX0YYY,J60/0,J300", utc(2028, 3, 1, 0, 0, 1), 1h},
        OffsetCase{"XXX0YYY,59/0,J300", utc(2028, 2, 29, 0, 0, 1), 1h}));

TEST(PosixTimeZone, RejectsMalformedRules) {
  for (const char* bad :
       {"", "C", "CET", "CET-1CEST,M3.5.0", "CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M3.6.0,M10.5.0",
        "CET-1CEST,M3.5.7,M10.5.0", "CET-1x", "<CET-1", "CET-1CEST,M3.5.0,M10.5.0/3junk", "J366"}) {
    EXPECT_FALSE(PosixTimeZone::parse(bad).has_value()) << bad;
  }
}

TEST(PosixTimeZone, KeepsItsSpecAsName) {
  EXPECT_EQ(PosixTimeZone::parse(kStockholm)->name(), kStockholm);
}

}  // namespace
}  // namespace screentime::core
