// limits set's text edit: one key of one user changed, everything else as it was, and the
// result read by the loader as meant.

#include "daemon/adapters/config/limits_edit.hpp"

#include <gtest/gtest.h>

#include "daemon/adapters/config/limits_loader.hpp"

namespace screentime::adapters {
namespace {

using namespace std::chrono_literals;

constexpr const char* kFile = R"(# Family limits, kept by hand.
[defaults]
grace = "1m"

# Alice: school days
[user.alice]
daily = "2h"   # on school days
allowed_hours = ["07:00-08:00"]

[user."1002"]
daily = "1h"
)";

struct ValueCase {
  const char* key;
  const char* typed;
  std::optional<std::string> toml;
};

TEST(LimitsEdit, WhatIsTypedBecomesTomlByKey) {
  const ValueCase cases[] = {
      {"daily", "3h", "\"3h\""},
      {"weekday.sat.daily", " 4h ", "\"4h\""},
      {"action", "logout", "\"logout\""},
      {"allowed_hours", "07:00-08:00, 15:00-20:30", R"(["07:00-08:00", "15:00-20:30"])"},
      {"weekday.fri.allowed_hours", "", "[]"},
      {"warnings", "5m,1m", R"(["5m", "1m"])"},
      {"count_idle", "true", "true"},
      {"count_idle", "yes", "\"yes\""},  // the loader then says what it expected
      {"daily", "unset", std::nullopt},
  };
  for (const auto& each : cases) {
    EXPECT_EQ(toml_value_for(each.key, each.typed), each.toml) << each.key << " " << each.typed;
  }
}

TEST(LimitsEdit, AKeyIsReplacedWhereItIsWithItsComment) {
  const auto edited = set_user_key(kFile, "alice", "daily", "\"3h\"");
  EXPECT_EQ(edited, std::string(kFile).replace(std::string(kFile).find("daily = \"2h\"   #"),
                                               std::string("daily = \"2h\"   #").size(),
                                               "daily = \"3h\"  #"));
  const auto load = parse_limits(edited, "limits.toml");
  ASSERT_TRUE(load.ok());
  EXPECT_EQ(load.limits.users.at("alice").days[0].daily, 3h);
}

TEST(LimitsEdit, ANewKeyGoesAfterTheTablesLastKeyAndANewUserAtTheEnd) {
  auto edited = set_user_key(kFile, "alice", "weekday.sat.daily", "\"4h\"");
  EXPECT_NE(edited.find("allowed_hours = [\"07:00-08:00\"]\nweekday.sat.daily = \"4h\"\n\n"),
            std::string::npos)
      << edited;
  edited = set_user_key(edited, "1003", "daily", "\"30m\"");
  EXPECT_TRUE(edited.ends_with("daily = \"1h\"\n\n[user.\"1003\"]\ndaily = \"30m\"\n")) << edited;
  EXPECT_TRUE(edited.starts_with("# Family limits, kept by hand.\n[defaults]\n"));
  const auto load = parse_limits(edited, "limits.toml");
  ASSERT_TRUE(load.ok()) << (load.errors.empty() ? "" : load.errors.front().to_string());
  EXPECT_EQ(load.limits.users.at("alice").days[5].daily, 4h);
  EXPECT_EQ(load.limits.users.at("1003").days[0].daily, 30min);
}

TEST(LimitsEdit, UnsetRemovesTheKeysLineOnly) {
  const auto edited = set_user_key(kFile, "alice", "allowed_hours", std::nullopt);
  EXPECT_EQ(edited.find("allowed_hours"), std::string::npos);
  EXPECT_NE(edited.find("# Alice: school days\n[user.alice]\ndaily"), std::string::npos);
  EXPECT_EQ(set_user_key(kFile, "bob", "daily", std::nullopt), kFile) << "nothing to remove";
}

}  // namespace
}  // namespace screentime::adapters
