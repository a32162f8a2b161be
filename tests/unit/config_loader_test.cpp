// Config loading: the shipped file equals the defaults, and every mistake is located.
#include "daemon/adapters/config/config_loader.hpp"

#include <gtest/gtest.h>

namespace screentime::adapters {
namespace {

using namespace std::chrono_literals;

TEST(ConfigLoader, ShippedConfigHoldsExactlyTheBuiltInDefaults) {
  const auto load = load_config_file(SCREENTIME_SOURCE_DIR "/config/screentime.toml");
  ASSERT_TRUE(load.ok()) << load.errors.front().to_string();
  EXPECT_TRUE(load.warnings.empty());
  EXPECT_EQ(load.config, core::Config{});
}

TEST(ConfigLoader, ReadsEveryKey) {
  const auto load = parse_config(R"(
[general]
day_starts_at = "05:30"
[history]
database = "/tmp/x.db"
checkpoint_interval = "1m30s"
retention = "400d"
[activity]
source = "none"
idle_threshold = "2m"
inhibitor_cap = "90m"
[report]
weekly_notice = true
)",
                                 "test.toml");
  ASSERT_TRUE(load.ok()) << load.errors.front().to_string();
  EXPECT_EQ(load.config.day_start, 5h + 30min);
  EXPECT_EQ(load.config.database, "/tmp/x.db");
  EXPECT_EQ(load.config.checkpoint_interval, 90s);
  EXPECT_EQ(load.config.retention, std::chrono::hours{24 * 400});
  EXPECT_EQ(load.config.activity_source, "none");
  EXPECT_EQ(load.config.idle_threshold, 2min);
  EXPECT_EQ(load.config.inhibitor_cap, 90min);
  EXPECT_TRUE(load.config.weekly_notice);
}

TEST(ConfigLoader, ReadsTheBreakSections) {
  const auto load = parse_config(R"(
[breaks]
snooze = "10m"
max_snoozes = 1
min_gap = "0s"
nag_after = 0
[breaks.eye]
enabled = false
[breaks.movement]
every = "45m"
length = "10m"
notice = "0s"
[goal]
enabled = true
daily = "2h30m"
)",
                                 "breaks.toml");
  ASSERT_TRUE(load.ok()) << load.errors.front().to_string();
  EXPECT_TRUE(load.warnings.empty());
  const auto& breaks = load.config.breaks;
  EXPECT_EQ(breaks.snooze, 10min);
  EXPECT_EQ(breaks.max_snoozes, 1);
  EXPECT_EQ(breaks.min_gap, 0s);
  EXPECT_EQ(breaks.nag_after, 0);
  EXPECT_FALSE(breaks.eye.enabled);
  EXPECT_EQ(breaks.eye.every, 20min);
  EXPECT_EQ(breaks.movement.every, 45min);
  EXPECT_EQ(breaks.movement.length, 10min);
  EXPECT_EQ(breaks.movement.notice, 0s);
  EXPECT_TRUE(breaks.goal_enabled);
  EXPECT_EQ(breaks.daily_goal, 150min);
}

TEST(ConfigLoader, BreakMistakesAreLocatedInsideNestedSections) {
  const auto load =
      parse_config("[breaks.eye]\nlength = \"1s\"\ncolour = 3\n[breaks.nap]\nx = 1\n", "b.toml");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].to_string(),
            "b.toml:2:10: breaks.eye.length: expected a duration of at least 2s, such as "
            "\"20s\", got \"1s\"");
  ASSERT_EQ(load.warnings.size(), 2u);
  EXPECT_EQ(load.warnings[0].to_string(), "b.toml:3:10: unknown key breaks.eye.colour, ignoring");
  EXPECT_EQ(load.warnings[1].line, 4);
}

TEST(ConfigLoader, SyntaxErrorGivesFileLineAndColumn) {
  const auto load = parse_config("[general]\nday_starts_at = \"04:00\n", "bad.toml");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].file, "bad.toml");
  EXPECT_EQ(load.errors[0].line, 2);
  EXPECT_GT(load.errors[0].column, 0);
  EXPECT_EQ(load.errors[0].to_string().rfind("bad.toml:2:", 0), 0u);
}

TEST(ConfigLoader, EveryWrongValueIsReportedInFileOrderWithWhatWasExpected) {
  const auto load = parse_config(R"([history]
retention = "12h"
checkpoint_interval = 5
[general]
day_starts_at = "25:00"
)",
                                 "c.toml");
  ASSERT_EQ(load.errors.size(), 3u);
  EXPECT_EQ(load.errors[0].to_string(),
            "c.toml:2:13: history.retention: expected \"forever\" or a duration of at least a "
            "day, such as \"365d\", got \"12h\"");
  EXPECT_EQ(load.errors[1].line, 3);
  EXPECT_NE(load.errors[1].message.find("got 5"), std::string::npos);
  EXPECT_EQ(load.errors[2].line, 5);
  EXPECT_NE(load.errors[2].message.find("expected a time of day"), std::string::npos);
}

TEST(ConfigLoader, UnknownKeysAndSectionsWarnWithTheirPlace) {
  const auto load = parse_config("[general]\nday_start = \"04:00\"\n[colours]\nx = 1\n", "w.toml");
  EXPECT_TRUE(load.ok());
  ASSERT_EQ(load.warnings.size(), 2u);
  EXPECT_EQ(load.warnings[0].to_string(), "w.toml:2:13: unknown key general.day_start, ignoring");
  EXPECT_NE(load.warnings[1].message.find("[colours]"), std::string::npos);
}

TEST(ConfigLoader, SectionGivenAsAValueIsAnError) {
  const auto load = parse_config("general = 4\n", "s.toml");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].line, 1);
}

TEST(ConfigLoader, MissingFileSaysSo) {
  const auto load = load_config_file("/nonexistent/screentime.toml");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].to_string(),
            "/nonexistent/screentime.toml: cannot be read: No such file or directory");
}

}  // namespace
}  // namespace screentime::adapters
