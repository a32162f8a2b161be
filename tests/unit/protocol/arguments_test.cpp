// Arguments checked against the command table: each bad one named, before anything runs.
#include "daemon/protocol/arguments.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "daemon/protocol/wire.hpp"

namespace screentime::protocol {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

Arguments valid(std::string_view command, const std::string& args) {
  return validate_arguments(*find_command(command), json::parse(args));
}

struct BadArgumentsCase {
  const char* scenario;
  const char* command;
  std::string args;
  const char* mentions;
};

class BadArguments : public ::testing::TestWithParam<BadArgumentsCase> {};

TEST_P(BadArguments, AreABadRequestNamingTheArgument) {
  try {
    valid(GetParam().command, GetParam().args);
    FAIL() << "accepted";
  } catch (const ProtocolError& error) {
    EXPECT_EQ(error.code(), ErrorCode::bad_request);
    EXPECT_NE(std::string(error.what()).find(GetParam().mentions), std::string::npos)
        << error.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadArguments,
    ::testing::Values(
        BadArgumentsCase{"UnknownArgument", "usage", R"({"form":"2026-01-01"})", "args.form"},
        BadArgumentsCase{"ArgumentsToACommandWithout", "status", R"({"verbose":true})",
                         "args.verbose"},
        BadArgumentsCase{"DateOfWrongType", "usage", R"({"from":5})", "args.from"},
        BadArgumentsCase{"DateNotADay", "usage", R"({"from":"2026-02-30"})", "args.from"},
        BadArgumentsCase{"ChoiceNotAllowed", "usage", R"({"by":"week"})", "\"interval\""},
        BadArgumentsCase{"RequiredMissing", "break", R"({})", "args.answer: required"},
        BadArgumentsCase{"AnswerUnknown", "break", R"({"answer":"later"})", "args.answer"},
        BadArgumentsCase{"NeitherOfTwo", "forget", R"({})", "exactly one"},
        BadArgumentsCase{"BothOfTwo", "forget", R"({"all":true,"before":"2026-01-01"})",
                         "exactly one"},
        BadArgumentsCase{"FalseFlagSaysNothing", "forget", R"({"all":false})", "exactly one"},
        BadArgumentsCase{"FlagOfWrongType", "forget", R"({"all":"yes"})", "args.all"},
        BadArgumentsCase{"DurationZero", "pause", R"({"for":"0s"})", "args.for"},
        BadArgumentsCase{"DurationPastTheLimit", "pause", R"({"for":"7d1s"})", "at most 7d"},
        BadArgumentsCase{"DateTimeWithoutOffset", "pause", R"({"until":"2026-11-24T14:00:00"})",
                         "args.until"},
        BadArgumentsCase{"TextOfWrongType", "config.check", R"({"text":["a"]})", "args.text"},
        BadArgumentsCase{"NameTooLong", "config.check",
                         R"({"name":")" + std::string(4097, 'x') + R"("})", "at most 4096"},
        BadArgumentsCase{"LanguageThatIsAPath", "resources", R"({"languages":["../etc"]})",
                         "args.languages"},
        BadArgumentsCase{"LanguagesNotAList", "resources", R"({"languages":"sv"})",
                         "args.languages"},
        BadArgumentsCase{"CategoryUnknown", "resources", R"({"category":"news"})",
                         "args.category"}),
    [](const auto& test) { return test.param.scenario; });

TEST(Arguments, ArriveParsedIntoTheirTypes) {
  const auto usage = valid("usage", R"({"from":"2026-11-23","by":"hour"})");
  EXPECT_EQ(usage.date("from"), std::chrono::year{2026} / 11 / 23);
  EXPECT_EQ(usage.date("to"), std::nullopt);
  EXPECT_EQ(usage.text("by"), "hour");
  EXPECT_EQ(valid("pause", R"({"for":"1h30m"})").duration("for"), 90min);
  EXPECT_EQ(valid("pause", R"({"until":"2026-11-24T14:00:00+01:00"})").date_time("until")->offset,
            1h);
  EXPECT_TRUE(valid("forget", R"({"all":true})").flag("all"));
  EXPECT_EQ(valid("resources", R"({"languages":["sv","en"]})").languages("languages"),
            (std::vector<std::string>{"sv", "en"}));
  EXPECT_NO_THROW(valid("usage", R"({"from":null})"));  // null is as if absent
}

TEST(Arguments, ReadAsAnotherTypeIsABug) {
  const auto usage = valid("usage", R"({"from":"2026-11-23"})");
  EXPECT_THROW(usage.text("from"), std::logic_error);
}

TEST(ReportRange, RefusesBackwardsAndTooLongRanges) {
  const LocalDate from = std::chrono::year{2026} / 1 / 1;
  EXPECT_NO_THROW(check_report_range(from, from, 1));
  EXPECT_THROW(check_report_range(from, std::chrono::year{2025} / 12 / 31, 10), ProtocolError);
  EXPECT_THROW(check_report_range(from, std::chrono::year{2026} / 1 / 11, 10), ProtocolError);
  EXPECT_NO_THROW(check_report_range(from, std::chrono::year{2026} / 1 / 10, 10));
}

}  // namespace
}  // namespace screentime::protocol
