// The limits file: precedence per key and per weekday, allowed hours, user keys, and every
// mistake located at the value that makes it.
#include "daemon/adapters/config/limits_loader.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <ostream>
#include <sstream>

#include "daemon/adapters/config/bounded_file.hpp"
#include "daemon/protocol/duration_text.hpp"

namespace screentime::core {

// Readable failures: one line per day, then the rest.
void PrintTo(const UserLimits& limits, std::ostream* out);
void PrintTo(const UserLimits& limits, std::ostream* out) {
  const auto duration = [](const std::optional<Duration>& value) {
    return value ? protocol::format_duration(*value) : std::string("none");
  };
  for (const DayLimits& day : limits.days) {
    *out << "\n  daily " << duration(day.daily) << " hours ";
    if (!day.allowed_hours) *out << "any";
    for (const TimeOfDayRange& range : day.allowed_hours.value_or(std::vector<TimeOfDayRange>{})) {
      *out << range.begin.count() << "-" << range.end.count() << " ";
    }
  }
  *out << "\n  weekly " << duration(limits.weekly) << " warnings";
  for (const Duration warning : limits.warnings) *out << " " << duration(warning);
  *out << " action " << to_string(limits.action) << " grace " << duration(limits.grace)
       << " count_idle " << limits.count_idle;
}

}  // namespace screentime::core

namespace screentime::adapters {
namespace {

using namespace std::chrono_literals;
using core::TimeOfDayRange;
using core::UserLimits;

constexpr std::size_t kMon = 0, kFri = 4, kSat = 5, kSun = 6;

core::UserLimits alice_of(const LimitsLoad& load) {
  const auto found = load.limits.users.find("alice");
  return found == load.limits.users.end() ? core::UserLimits{} : found->second;
}

// ---- Precedence: user.weekday.X > user.X > defaults.weekday.X > defaults.X > built-in.

struct PrecedenceCase {
  const char* name;
  const char* text;
  std::function<void(UserLimits&)> expect;  // applied to the built-in UserLimits
};
void PrintTo(const PrecedenceCase& c, std::ostream* out) { *out << c.name; }

class LimitsPrecedence : public ::testing::TestWithParam<PrecedenceCase> {};

TEST_P(LimitsPrecedence, ResolvesAliceAsExpected) {
  const PrecedenceCase& c = GetParam();
  const auto load = parse_limits(c.text, "limits.toml");
  ASSERT_TRUE(load.ok()) << load.errors.front().to_string();
  ASSERT_TRUE(load.warnings.empty()) << load.warnings.front().to_string();
  ASSERT_EQ(load.limits.users.count("alice"), 1u);
  UserLimits expected;
  c.expect(expected);
  EXPECT_EQ(alice_of(load), expected);
}

const std::vector<TimeOfDayRange> kMorning = {{7h, 8h}};
const std::vector<TimeOfDayRange> kAfternoon = {{15h, 20h + 30min}};
const std::vector<TimeOfDayRange> kEvening = {{18h, 22h}};
const std::vector<TimeOfDayRange> kLate = {{19h, 23h}};

void all_days(UserLimits& limits, std::function<void(core::DayLimits&)> set) {
  for (core::DayLimits& day : limits.days) set(day);
}

INSTANTIATE_TEST_SUITE_P(
    Table, LimitsPrecedence,
    ::testing::Values(
        PrecedenceCase{"ListedUserWithNothingGetsTheBuiltInLimits", "[user.alice]\n",
                       [](UserLimits&) {}},
        // daily
        PrecedenceCase{"DailyFromDefaults", "[defaults]\ndaily = \"3h\"\n[user.alice]\n",
                       [](UserLimits& l) { all_days(l, [](auto& d) { d.daily = 3h; }); }},
        PrecedenceCase{"DailyDefaultsWeekdayBeatsDefaults",
                       "[defaults]\ndaily = \"3h\"\nweekday.sat.daily = \"5h\"\n[user.alice]\n",
                       [](UserLimits& l) {
                         all_days(l, [](auto& d) { d.daily = 3h; });
                         l.days[kSat].daily = 5h;
                       }},
        PrecedenceCase{"DailyUserBeatsDefaultsWeekday",
                       "[defaults]\ndaily = \"3h\"\nweekday.sat.daily = \"5h\"\n"
                       "[user.alice]\ndaily = \"2h\"\n",
                       [](UserLimits& l) { all_days(l, [](auto& d) { d.daily = 2h; }); }},
        PrecedenceCase{"DailyUserWeekdayBeatsUser",
                       "[defaults]\ndaily = \"3h\"\nweekday.sat.daily = \"5h\"\n"
                       "[user.alice]\ndaily = \"2h\"\nweekday.sat.daily = \"4h\"\n",
                       [](UserLimits& l) {
                         all_days(l, [](auto& d) { d.daily = 2h; });
                         l.days[kSat].daily = 4h;
                       }},
        PrecedenceCase{"DailyUserWeekdayAloneKeepsTheDefaultsElsewhere",
                       "[defaults]\ndaily = \"3h\"\n[user.alice]\nweekday.sun.daily = \"1s\"\n",
                       [](UserLimits& l) {
                         all_days(l, [](auto& d) { d.daily = 3h; });
                         l.days[kSun].daily = 1s;
                       }},
        PrecedenceCase{"DailyZeroIsNoTimeAtAll", "[user.alice]\ndaily = \"0s\"\n",
                       [](UserLimits& l) { all_days(l, [](auto& d) { d.daily = 0s; }); }},
        // allowed_hours
        PrecedenceCase{
            "AllowedHoursFromDefaults",
            "[defaults]\nallowed_hours = [\"07:00-08:00\"]\n[user.alice]\n",
            [](UserLimits& l) { all_days(l, [](auto& d) { d.allowed_hours = kMorning; }); }},
        PrecedenceCase{"AllowedHoursDefaultsWeekdayBeatsDefaults",
                       "[defaults]\nallowed_hours = [\"07:00-08:00\"]\n"
                       "weekday.fri.allowed_hours = [\"18:00-22:00\"]\n[user.alice]\n",
                       [](UserLimits& l) {
                         all_days(l, [](auto& d) { d.allowed_hours = kMorning; });
                         l.days[kFri].allowed_hours = kEvening;
                       }},
        PrecedenceCase{
            "AllowedHoursUserBeatsDefaultsWeekday",
            "[defaults]\nallowed_hours = [\"07:00-08:00\"]\n"
            "weekday.fri.allowed_hours = [\"18:00-22:00\"]\n"
            "[user.alice]\nallowed_hours = [\"15:00-20:30\"]\n",
            [](UserLimits& l) { all_days(l, [](auto& d) { d.allowed_hours = kAfternoon; }); }},
        PrecedenceCase{"AllowedHoursUserWeekdayBeatsUser",
                       "[defaults]\nallowed_hours = [\"07:00-08:00\"]\n"
                       "weekday.fri.allowed_hours = [\"18:00-22:00\"]\n"
                       "[user.alice]\nallowed_hours = [\"15:00-20:30\"]\n"
                       "weekday.fri.allowed_hours = [\"19:00-23:00\"]\n",
                       [](UserLimits& l) {
                         all_days(l, [](auto& d) { d.allowed_hours = kAfternoon; });
                         l.days[kFri].allowed_hours = kLate;
                       }},
        PrecedenceCase{"EmptyAllowedHoursIsNoHourAtAll",
                       "[defaults]\nallowed_hours = [\"07:00-08:00\"]\n"
                       "[user.alice]\nweekday.sun.allowed_hours = []\n",
                       [](UserLimits& l) {
                         all_days(l, [](auto& d) { d.allowed_hours = kMorning; });
                         l.days[kSun].allowed_hours = std::vector<TimeOfDayRange>{};
                       }},
        // weekly, warnings, action, grace, count_idle: user > defaults > built-in
        PrecedenceCase{"WeeklyFromDefaults", "[defaults]\nweekly = \"12h\"\n[user.alice]\n",
                       [](UserLimits& l) { l.weekly = 12h; }},
        PrecedenceCase{"WeeklyUserBeatsDefaults",
                       "[defaults]\nweekly = \"12h\"\n[user.alice]\nweekly = \"0s\"\n",
                       [](UserLimits& l) { l.weekly = 0s; }},
        PrecedenceCase{"WarningsFromDefaultsSortedLongestFirstWithoutDuplicates",
                       "[defaults]\nwarnings = [\"1s\", \"10m\", \"1m\", \"10m\"]\n[user.alice]\n",
                       [](UserLimits& l) {
                         l.warnings = {10min, 1min, 1s};
                       }},
        PrecedenceCase{"WarningsUserBeatsDefaults",
                       "[defaults]\nwarnings = [\"10m\"]\n[user.alice]\nwarnings = [\"2m\"]\n",
                       [](UserLimits& l) { l.warnings = {2min}; }},
        PrecedenceCase{"WarningsEmptyMeansNone",
                       "[defaults]\nwarnings = [\"10m\"]\n[user.alice]\nwarnings = []\n",
                       [](UserLimits& l) { l.warnings.clear(); }},
        PrecedenceCase{"ActionFromDefaults", "[defaults]\naction = \"notify\"\n[user.alice]\n",
                       [](UserLimits& l) { l.action = core::LimitAction::notify; }},
        PrecedenceCase{"ActionUserBeatsDefaults",
                       "[defaults]\naction = \"notify\"\n[user.alice]\naction = \"suspend\"\n",
                       [](UserLimits& l) { l.action = core::LimitAction::suspend; }},
        PrecedenceCase{"GraceFromDefaults", "[defaults]\ngrace = \"30s\"\n[user.alice]\n",
                       [](UserLimits& l) { l.grace = 30s; }},
        PrecedenceCase{"GraceUserBeatsDefaults",
                       "[defaults]\ngrace = \"30s\"\n[user.alice]\ngrace = \"0s\"\n",
                       [](UserLimits& l) { l.grace = 0s; }},
        PrecedenceCase{"CountIdleFromDefaults", "[defaults]\ncount_idle = true\n[user.alice]\n",
                       [](UserLimits& l) { l.count_idle = true; }},
        PrecedenceCase{"CountIdleUserBeatsDefaults",
                       "[defaults]\ncount_idle = true\n[user.alice]\ncount_idle = false\n",
                       [](UserLimits& l) { l.count_idle = false; }},
        PrecedenceCase{"UserWeekdayWrittenAsItsOwnTable",
                       "[user.alice]\ndaily = \"2h\"\n[user.alice.weekday.mon]\ndaily = \"1h\"\n",
                       [](UserLimits& l) {
                         all_days(l, [](auto& d) { d.daily = 2h; });
                         l.days[kMon].daily = 1h;
                       }}),
    [](const auto& param) { return std::string(param.param.name); });

TEST(LimitsPrecedence, DefaultsDoNotMakeAnUnlistedUserLimited) {
  const auto load = parse_limits("[defaults]\ndaily = \"3h\"\n[user.bob]\n", "limits.toml");
  ASSERT_TRUE(load.ok());
  EXPECT_EQ(load.limits.users.size(), 1u);
  EXPECT_EQ(load.limits.users.count("alice"), 0u);
}

// ---- Each weekday name sets its own day, Monday first.

struct WeekdayCase {
  const char* name;
  std::size_t index;
};
void PrintTo(const WeekdayCase& c, std::ostream* out) { *out << c.name; }

class LimitsWeekday : public ::testing::TestWithParam<WeekdayCase> {};

TEST_P(LimitsWeekday, SetsOnlyItsOwnDay) {
  const WeekdayCase& c = GetParam();
  const std::string text = std::string("[user.alice]\ndaily = \"2h\"\nweekday.") + c.name +
                           ".daily = \"1h\"\nweekday." + c.name + ".allowed_hours = []\n";
  const auto load = parse_limits(text, "limits.toml");
  ASSERT_TRUE(load.ok()) << load.errors.front().to_string();
  UserLimits expected;
  all_days(expected, [](auto& d) { d.daily = 2h; });
  expected.days[c.index] = {1h, std::vector<TimeOfDayRange>{}};
  EXPECT_EQ(alice_of(load), expected);
}

INSTANTIATE_TEST_SUITE_P(Table, LimitsWeekday,
                         ::testing::Values(WeekdayCase{"mon", 0}, WeekdayCase{"tue", 1},
                                           WeekdayCase{"wed", 2}, WeekdayCase{"thu", 3},
                                           WeekdayCase{"fri", 4}, WeekdayCase{"sat", 5},
                                           WeekdayCase{"sun", 6}),
                         [](const auto& param) { return std::string(param.param.name); });

// ---- Allowed hours: "HH:MM-HH:MM", 24:00 as an end, past midnight, sorted.

struct HoursCase {
  const char* name;
  const char* list;  // the TOML array
  std::vector<TimeOfDayRange> expected;
};
void PrintTo(const HoursCase& c, std::ostream* out) { *out << c.name; }

class LimitsAllowedHours : public ::testing::TestWithParam<HoursCase> {};

TEST_P(LimitsAllowedHours, ReadsTheRanges) {
  const HoursCase& c = GetParam();
  const auto load =
      parse_limits(std::string("[user.alice]\nallowed_hours = ") + c.list + "\n", "limits.toml");
  ASSERT_TRUE(load.ok()) << load.errors.front().to_string();
  EXPECT_EQ(alice_of(load).days[kMon].allowed_hours, c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, LimitsAllowedHours,
    ::testing::Values(
        HoursCase{"AcrossMidnight", R"(["20:00-01:00"])", {{20h, 1h}}},
        HoursCase{"EndingAt2400", R"(["20:00-24:00"])", {{20h, 24h}}},
        HoursCase{"WholeDay", R"(["00:00-24:00"])", {{0h, 24h}}},
        HoursCase{"SameBeginAndEndIsTheNext24Hours", R"(["08:00-08:00"])", {{8h, 8h}}},
        HoursCase{"ToMidnightWritten0000", R"(["20:00-00:00"])", {{20h, 0h}}},
        HoursCase{
            "SortedByBegin", R"(["15:00-20:30", "07:00-08:00"])", {{7h, 8h}, {15h, 20h + 30min}}},
        HoursCase{"TouchingRangesDoNotOverlap",
                  R"(["07:00-08:00", "08:00-09:00"])",
                  {{7h, 8h}, {8h, 9h}}},
        HoursCase{"EarlyMorningBesideARangeIntoTomorrow",
                  R"(["20:00-01:00", "00:00-00:30"])",
                  {{0h, 30min}, {20h, 1h}}},
        HoursCase{"Minutes", R"(["07:05-07:59"])", {{7h + 5min, 7h + 59min}}}),
    [](const auto& param) { return std::string(param.param.name); });

// ---- User keys: a login name or a uid.

class LimitsGoodUserKey : public ::testing::TestWithParam<std::string> {};

TEST_P(LimitsGoodUserKey, IsListed) {
  const auto load = parse_limits("[user.\"" + GetParam() + "\"]\ndaily = \"1h\"\n", "limits.toml");
  ASSERT_TRUE(load.ok()) << load.errors.front().to_string();
  ASSERT_EQ(load.limits.users.count(GetParam()), 1u);
  EXPECT_EQ(load.limits.users.at(GetParam()).days[kSun].daily, 1h);
}

INSTANTIATE_TEST_SUITE_P(Table, LimitsGoodUserKey,
                         ::testing::Values("alice", "_svc", "bob-2", "mach$", "a_b-c9",
                                           std::string(32, 'a'), "1001", "0", "4294967294"),
                         [](const auto& param) {
                           std::string name = "key" + std::to_string(param.index);
                           return name;
                         });

struct BadKeyCase {
  const char* name;
  std::string key;
};
void PrintTo(const BadKeyCase& c, std::ostream* out) { *out << c.name; }

class LimitsBadUserKey : public ::testing::TestWithParam<BadKeyCase> {};

TEST_P(LimitsBadUserKey, IsAnErrorAtTheKey) {
  const BadKeyCase& c = GetParam();
  const auto load =
      parse_limits("[defaults]\n[user.\"" + c.key + "\"]\ndaily = \"1h\"\n", "limits.toml");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].to_string(),
            "limits.toml:2:7: user: expected a login name (a-z, 0-9, \"_\" and \"-\", up to 32 "
            "characters) or a uid, got \"" +
                c.key + "\"");
  EXPECT_TRUE(load.limits.users.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Table, LimitsBadUserKey,
    ::testing::Values(BadKeyCase{"UpperCase", "Alice"}, BadKeyCase{"StartsWithADigit", "1abc"},
                      BadKeyCase{"StartsWithADash", "-bob"}, BadKeyCase{"Space", "al ice"},
                      BadKeyCase{"DollarInside", "b$b"}, BadKeyCase{"Dot", "a.b"},
                      BadKeyCase{"Empty", ""}, BadKeyCase{"LongerThan32", std::string(33, 'a')},
                      BadKeyCase{"UidWithALeadingZero", "01001"},
                      BadKeyCase{"UidMinusOne", "4294967295"},
                      BadKeyCase{"UidTooLarge", "99999999999999999999"}),
    [](const auto& param) { return std::string(param.param.name); });

// ---- Wrong values: one error each, at the value, saying what was expected.

struct ErrorCase {
  const char* name;
  const char* text;
  const char* error;
};
void PrintTo(const ErrorCase& c, std::ostream* out) { *out << c.name; }

class LimitsWrongValue : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(LimitsWrongValue, IsOneLocatedError) {
  const ErrorCase& c = GetParam();
  const auto load = parse_limits(c.text, "limits.toml");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].to_string(), c.error);
  EXPECT_TRUE(load.warnings.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Table, LimitsWrongValue,
    ::testing::Values(
        ErrorCase{"DailyInWords", "[user.alice]\ndaily = \"2 hours\"\n",
                  R"(limits.toml:2:9: user.alice.daily: expected a duration such as "2h" or )"
                  R"("1h30m", got "2 hours")"},
        ErrorCase{"DefaultsDailyWithoutUnit", "[defaults]\n\ndaily = \"3\"\n",
                  R"(limits.toml:3:9: defaults.daily: expected a duration such as "2h" or )"
                  R"("1h30m", got "3")"},
        ErrorCase{"WeekdayDailyAsANumber", "[user.alice]\nweekday.sat.daily = 4\n",
                  R"(limits.toml:2:21: user.alice.weekday.sat.daily: expected a duration such )"
                  R"(as "2h" or "1h30m", got 4)"},
        ErrorCase{"WeeklyUnitsOutOfOrder", "[user.\"1001\"]\nweekly = \"30m2h\"\n",
                  R"(limits.toml:2:10: user.1001.weekly: expected a duration such as "2h" or )"
                  R"("1h30m", got "30m2h")"},
        ErrorCase{"UnknownAction", "[defaults]\naction = \"shutdown\"\n",
                  R"(limits.toml:2:10: defaults.action: expected one of "notify", "lock", )"
                  R"("logout", "suspend", got "shutdown")"},
        ErrorCase{"GraceInWords", "[user.alice]\ngrace = \"soon\"\n",
                  R"(limits.toml:2:9: user.alice.grace: expected a duration such as "1m" )"
                  R"(("0s": at once), got "soon")"},
        ErrorCase{"CountIdleAsAString", "[user.alice]\ncount_idle = \"yes\"\n",
                  R"(limits.toml:2:14: user.alice.count_idle: expected true or false, got "yes")"},
        ErrorCase{"WarningOfZero", "[user.alice]\nwarnings = [\"5m\", \"0s\"]\n",
                  R"(limits.toml:2:19: user.alice.warnings: expected a duration longer than )"
                  R"(0s, such as "5m", got "0s")"},
        ErrorCase{"WarningsNotAList", "[user.alice]\nwarnings = \"5m\"\n",
                  R"(limits.toml:2:12: user.alice.warnings: expected a list of durations such )"
                  R"(as ["15m", "5m", "1m"], got "5m")"},
        ErrorCase{"RangeWithASingleDigitHour", "[user.alice]\nallowed_hours = [\"7:00-08:00\"]\n",
                  R"(limits.toml:2:18: user.alice.allowed_hours: expected a time range )"
                  R"("HH:MM-HH:MM" such as "15:00-20:30" or "20:00-24:00", got "7:00-08:00")"},
        ErrorCase{"RangeBeginningAt2400",
                  "[user.alice]\nallowed_hours = [\"07:00-08:00\", \"24:00-01:00\"]\n",
                  R"(limits.toml:2:33: user.alice.allowed_hours: expected a time range )"
                  R"("HH:MM-HH:MM" such as "15:00-20:30" or "20:00-24:00", got "24:00-01:00")"},
        ErrorCase{"RangeEndingPast2400", "[user.alice]\nallowed_hours = [\"20:00-24:30\"]\n",
                  R"(limits.toml:2:18: user.alice.allowed_hours: expected a time range )"
                  R"("HH:MM-HH:MM" such as "15:00-20:30" or "20:00-24:00", got "20:00-24:30")"},
        ErrorCase{"RangeWithSpaces", "[user.alice]\nallowed_hours = [\"07:00 - 08:00\"]\n",
                  R"(limits.toml:2:18: user.alice.allowed_hours: expected a time range )"
                  R"("HH:MM-HH:MM" such as "15:00-20:30" or "20:00-24:00", got "07:00 - 08:00")"},
        ErrorCase{"RangeNotInAList", "[user.alice]\nallowed_hours = \"07:00-08:00\"\n",
                  R"(limits.toml:2:17: user.alice.allowed_hours: expected a list of time )"
                  R"(ranges such as ["15:00-20:30"], got "07:00-08:00")"},
        ErrorCase{"OverlappingRangesAtTheSecond",
                  "[user.alice]\nallowed_hours = [\"11:00-13:00\", \"07:00-12:00\"]\n",
                  R"(limits.toml:2:33: user.alice.allowed_hours: "07:00-12:00" overlaps )"
                  R"("11:00-13:00", expected ranges apart)"},
        ErrorCase{"RangeIntoTomorrowOverlapsALaterOne",
                  "[user.alice]\nallowed_hours = [\"20:00-02:00\", \"23:00-23:30\"]\n",
                  R"(limits.toml:2:33: user.alice.allowed_hours: "23:00-23:30" overlaps )"
                  R"("20:00-02:00", expected ranges apart)"},
        ErrorCase{"TheSameRangeTwice",
                  "[user.alice]\nallowed_hours = [\"07:00-08:00\", \"07:00-08:00\"]\n",
                  R"(limits.toml:2:33: user.alice.allowed_hours: "07:00-08:00" overlaps )"
                  R"("07:00-08:00", expected ranges apart)"},
        ErrorCase{"UnknownDayName", "[user.alice]\nweekday.saturday.daily = \"4h\"\n",
                  R"(limits.toml:2:9: user.alice.weekday: expected a day from mon to sun, )"
                  R"(got "saturday")"},
        ErrorCase{"DayNotATable", "[defaults]\nweekday.sat = \"4h\"\n",
                  R"(limits.toml:2:15: defaults.weekday.sat: expected a table of limits, such )"
                  R"(as defaults.weekday.sat.daily = "4h", got "4h")"},
        ErrorCase{"WeekdayNotATable", "[defaults]\nweekday = 6\n",
                  R"(limits.toml:2:11: defaults.weekday: expected a table of days, such as )"
                  R"(weekday.sat.daily = "4h", got 6)"},
        ErrorCase{"UserNotATable", "user.alice = \"2h\"\n",
                  R"(limits.toml:1:14: user.alice: expected a table of limits, such as )"
                  R"([user.alice], got "2h")"},
        ErrorCase{"UsersNotATable", "user = [\"alice\"]\n",
                  R"(limits.toml:1:8: user: expected a [user.NAME] table for each limited )"
                  R"(user, got an array)"},
        ErrorCase{"DefaultsNotATable", "defaults = 1\n",
                  R"(limits.toml:1:12: defaults: expected a [defaults] table, got 1)"},
        ErrorCase{"GeneralNotATable", "general = 1\n",
                  R"(limits.toml:1:11: general: expected a [general] table, got 1)"},
        ErrorCase{"SessionTypesEmpty", "[general]\nsession_types = []\n",
                  R"(limits.toml:2:17: general.session_types: expected a non-empty list of )"
                  R"(session types such as ["x11", "wayland", "tty"], got [])"},
        ErrorCase{"UnknownSessionType", "[general]\nsession_types = [\"x11\", \"X11\"]\n",
                  R"(limits.toml:2:25: general.session_types: expected one of "x11", )"
                  R"("wayland", "mir", "tty", "web", "unspecified", got "X11")"},
        ErrorCase{"CountRemoteAsANumber", "[general]\ncount_remote = 1\n",
                  R"(limits.toml:2:16: general.count_remote: expected true or false, got 1)"},
        ErrorCase{"AdminGroupNotAGroupName", "[general]\nadmin_group = \"Parents\"\n",
                  R"(limits.toml:2:15: general.admin_group: expected a group name such as )"
                  R"("screentime-admin", got "Parents")"},
        ErrorCase{"RequestCommandARelativePath", "[general]\nrequest_command = [\"tell-parent\"]\n",
                  R"(limits.toml:2:19: general.request_command: expected an array of strings, )"
                  R"(the program's absolute path first, such as ["/usr/local/bin/tell-parent", )"
                  R"("--to", "parent"], got an array)"},
        ErrorCase{"RequestCommandUserNotAName", "[general]\nrequest_command_user = \"No Body\"\n",
                  R"(limits.toml:2:24: general.request_command_user: expected a login name such )"
                  R"(as "nobody", got "No Body")"}),
    [](const auto& param) { return std::string(param.param.name); });

TEST(LimitsErrors, EveryMistakeIsReportedInFileOrder) {
  const auto load = parse_limits(R"([user.bob]
weekly = "a week"
[user.alice]
daily = "2 hours"
action = "reboot"
[general]
count_remote = "no"
)",
                                 "limits.toml");
  ASSERT_EQ(load.errors.size(), 4u);
  EXPECT_EQ(load.errors[0].line, 2);
  EXPECT_EQ(load.errors[1].line, 4);
  EXPECT_EQ(load.errors[2].line, 5);
  EXPECT_EQ(load.errors[3].line, 7);
}

// ---- Unknown keys and sections: warnings with their place; the file is still used.

TEST(LimitsWarnings, UnknownKeysAreWarnedAtTheirPlaceAndIgnored) {
  const auto load = parse_limits(R"([general]
colour = "blue"
[defaults]
dayly = "3h"
[user.alice]
daily = "2h"
weekday.sat.action = "notify"
[bedtime]
at = "21:00"
)",
                                 "limits.toml");
  ASSERT_TRUE(load.ok()) << load.errors.front().to_string();
  ASSERT_EQ(load.warnings.size(), 4u);
  EXPECT_EQ(load.warnings[0].to_string(), "limits.toml:2:10: unknown key general.colour, ignoring");
  EXPECT_EQ(load.warnings[1].to_string(), "limits.toml:4:9: unknown key defaults.dayly, ignoring");
  EXPECT_EQ(load.warnings[2].to_string(),
            "limits.toml:7:22: unknown key user.alice.weekday.sat.action, ignoring");
  EXPECT_EQ(load.warnings[3].to_string(), "limits.toml:8:1: unknown section [bedtime], ignoring");
  UserLimits expected;
  all_days(expected, [](auto& d) { d.daily = 2h; });
  EXPECT_EQ(alice_of(load), expected);
}

// ---- The machine-wide [general] table.

TEST(LimitsGeneral, ReadsEveryKey) {
  const auto load = parse_limits(R"([general]
session_types = ["x11", "wayland", "x11", "tty"]
count_remote = true
admin_group = "parents"
request_command = ["/usr/local/bin/tell-parent", "--to", "parent"]
request_command_user = "messenger"
)",
                                 "limits.toml");
  ASSERT_TRUE(load.ok()) << load.errors.front().to_string();
  EXPECT_EQ(load.limits.session_types, (std::vector<std::string>{"x11", "wayland", "tty"}));
  EXPECT_TRUE(load.limits.count_remote);
  EXPECT_EQ(load.limits.admin_group, "parents");
  EXPECT_EQ(load.limits.request_command,
            (std::vector<std::string>{"/usr/local/bin/tell-parent", "--to", "parent"}));
  EXPECT_EQ(load.limits.request_command_user, "messenger");
  EXPECT_TRUE(load.limits.users.empty());
}

TEST(LimitsGeneral, AnEmptyFileIsTheBuiltInDefaultsWithNoUser) {
  const auto load = parse_limits("", "limits.toml");
  ASSERT_TRUE(load.ok());
  EXPECT_EQ(load.limits, core::LimitsFile{});
}

// ---- TOML syntax errors: one error where toml++ stopped.

TEST(LimitsSyntax, SyntaxErrorGivesTomlsPosition) {
  const auto load = parse_limits("[user.alice]\ndaily = \"2h\nweekly = \"9h\"\n", "limits.toml");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].file, "limits.toml");
  EXPECT_EQ(load.errors[0].line, 2);
  EXPECT_EQ(load.errors[0].column, 12);
  EXPECT_TRUE(load.warnings.empty());
}

TEST(LimitsSyntax, AUserGivenTwiceIsASyntaxError) {
  const auto load = parse_limits("[user.alice]\n[user.alice]\n", "limits.toml");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].line, 2);
}

// ---- The shipped example: every key, no error, no warning, the built-in defaults.

TEST(LimitsExample, ParsesWithoutErrorsOrWarnings) {
  const auto load = load_limits_file(SCREENTIME_SOURCE_DIR "/config/limits.toml.example");
  for (const auto& error : load.errors) ADD_FAILURE() << error.to_string();
  for (const auto& warning : load.warnings) ADD_FAILURE() << warning.to_string();
  // [general] and [defaults] spell out the built-in values.
  const core::LimitsFile built_in;
  EXPECT_EQ(load.limits.session_types, built_in.session_types);
  EXPECT_EQ(load.limits.count_remote, built_in.count_remote);
  EXPECT_EQ(load.limits.admin_group, built_in.admin_group);
  ASSERT_EQ(load.limits.users.count("1001"), 1u);
  const UserLimits& by_uid = load.limits.users.at("1001");
  const UserLimits defaults;
  EXPECT_EQ(by_uid.warnings, defaults.warnings);
  EXPECT_EQ(by_uid.action, defaults.action);
  EXPECT_EQ(by_uid.grace, defaults.grace);
  EXPECT_EQ(by_uid.count_idle, defaults.count_idle);
  // alice sets every per-user key.
  const UserLimits alice = alice_of(load);
  EXPECT_EQ(alice.days[kMon].daily, 2h);
  EXPECT_EQ(alice.days[kSat].daily, 4h);
  EXPECT_EQ(alice.days[kFri].allowed_hours, (std::vector<TimeOfDayRange>{{7h, 22h}}));
  EXPECT_EQ(alice.weekly, 12h);
  EXPECT_EQ(alice.action, core::LimitAction::logout);
}

// The example in docs/limits.md reads as the page says, and so does its mistake.
TEST(LimitsExample, TheDocumentedExampleAndItsMistake) {
  std::ifstream page(SCREENTIME_SOURCE_DIR "/docs/limits.md");
  std::stringstream whole;
  whole << page.rdbuf();
  const std::string text = whole.str();
  const auto begin = text.find("```toml\n");
  ASSERT_NE(begin, std::string::npos);
  const auto end = text.find("```\n", begin + 8);
  ASSERT_NE(end, std::string::npos);
  std::string example = text.substr(begin + 8, end - begin - 8);
  const auto load = parse_limits(example, "/etc/screentime/limits.toml");
  ASSERT_TRUE(load.ok()) << load.errors.front().to_string();
  EXPECT_TRUE(load.warnings.empty());
  EXPECT_EQ(alice_of(load).days[kSat].daily, 4h);
  EXPECT_EQ(load.limits.users.at("1001").days[kSat].daily, 1h);

  const auto alice_daily = example.find("daily = \"2h\"");
  ASSERT_NE(alice_daily, std::string::npos);
  example.replace(alice_daily, 12, "daily = \"2 hours\"");
  const auto broken = parse_limits(example, "/etc/screentime/limits.toml");
  ASSERT_EQ(broken.errors.size(), 1u);
  EXPECT_NE(text.find(broken.errors[0].to_string()), std::string::npos)
      << broken.errors[0].to_string();
}

// ---- Reading the file: only a regular file of at most 1 MiB.

class LimitsFileReading : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = ::testing::TempDir() + "limits-XXXXXX";
    ASSERT_NE(::mkdtemp(dir.data()), nullptr);
    dir_ = dir;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

TEST_F(LimitsFileReading, ReadsARegularFile) {
  std::ofstream(dir_ / "limits.toml") << "[user.alice]\ndaily = \"1h\"\n";
  const auto load = load_limits_file(dir_ / "limits.toml");
  ASSERT_TRUE(load.ok()) << load.errors.front().to_string();
  EXPECT_EQ(alice_of(load).days[kMon].daily, 1h);
}

TEST_F(LimitsFileReading, MissingFileSaysSo) {
  const auto load = load_limits_file(dir_ / "none.toml");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].to_string(),
            (dir_ / "none.toml").string() + ": cannot be read: No such file or directory");
}

TEST_F(LimitsFileReading, ADirectoryIsNotRead) {
  const auto load = load_limits_file(dir_);
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].message, "not a regular file, not read");
}

TEST_F(LimitsFileReading, AFifoIsRefusedWithoutWaitingForAWriter) {
  ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  const auto load = load_limits_file(dir_ / "fifo");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].message, "not a regular file, not read");
}

TEST_F(LimitsFileReading, AFileLargerThan1MiBIsNotRead) {
  std::ofstream(dir_ / "big.toml").close();
  std::filesystem::resize_file(dir_ / "big.toml", kMaxConfigFileSize + 1);  // sparse
  const auto load = load_limits_file(dir_ / "big.toml");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].message, "larger than 1 MiB, not read");
}

TEST_F(LimitsFileReading, AFileOfExactly1MiBIsRead) {
  std::string text = "[user.alice]\ndaily = \"1h\"\n";
  text.resize(kMaxConfigFileSize, '\n');
  std::ofstream(dir_ / "full.toml") << text;
  const auto load = load_limits_file(dir_ / "full.toml");
  ASSERT_TRUE(load.ok()) << load.errors.front().to_string();
  EXPECT_EQ(alice_of(load).days[kMon].daily, 1h);
}

}  // namespace
}  // namespace screentime::adapters
