// docs/protocol.md against the command table: every command with its permission and
// arguments, every error code, every reply field documented, and every example a message the
// codec reads.
#include "tests/unit/protocol/protocol_doc.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "daemon/protocol/arguments.hpp"
#include "daemon/protocol/commands.hpp"
#include "daemon/protocol/limit_replies.hpp"
#include "daemon/protocol/limits.hpp"
#include "daemon/protocol/replies.hpp"
#include "daemon/protocol/wire.hpp"

namespace screentime::protocol {
namespace {

using nlohmann::json;
using testing::ProtocolDoc;

const ProtocolDoc& doc() {
  static const ProtocolDoc parsed =
      testing::read_protocol_doc(SCREENTIME_SOURCE_DIR "/docs/protocol.md");
  return parsed;
}

std::string yes_no(bool value) { return value ? "yes" : "no"; }

// "choice: `day`, `hour`, `interval`" for a choice, the type's name otherwise.
std::string type_cell(const ArgSpec& arg) {
  std::string cell(to_string(arg.type));
  if (arg.type != ArgType::choice) return cell;
  for (std::size_t i = 0; i < arg.choices.size(); ++i) {
    cell += (i == 0 ? ": `" : ", `") + std::string(arg.choices[i]) + "`";
  }
  return cell;
}

std::string required_cell(const CommandSpec& command, const ArgSpec& arg) {
  if (arg.required) return "yes";
  for (auto name : command.one_of) {
    if (name == arg.name) return "one of";
  }
  return "no";
}

TEST(ProtocolDoc, EveryCommandIsDocumentedAsTheTableSaysIt) {
  for (const CommandSpec& command : command_table()) {
    SCOPED_TRACE(std::string(command.name));
    const auto found = doc().commands.find(std::string(command.name));
    ASSERT_NE(found, doc().commands.end()) << "no section ### `" << command.name << "`";
    const auto& documented = found->second;
    EXPECT_EQ(documented.permission, to_string(command.permission));
    EXPECT_EQ(documented.targets_user, yes_no(command.targets_user));
    EXPECT_EQ(documented.changes_data, yes_no(command.changes_data));
    EXPECT_EQ(documented.role, to_string(command.role));
    EXPECT_EQ(documented.args.size(), command.args.size());
    for (const ArgSpec& arg : command.args) {
      const auto row = documented.args.find(std::string(arg.name));
      ASSERT_NE(row, documented.args.end()) << "argument " << arg.name << " is not documented";
      EXPECT_EQ(row->second.type, type_cell(arg)) << arg.name;
      EXPECT_EQ(row->second.required, required_cell(command, arg)) << arg.name;
    }
    if (command.args.empty()) {
      EXPECT_NE(documented.text.find("No arguments."), std::string::npos);
    }
  }
}

TEST(ProtocolDoc, DocumentsNoCommandTheTableLacks) {
  for (const auto& [name, documented] : doc().commands) {
    EXPECT_NE(find_command(name), nullptr) << name << " is documented but not in the table";
  }
}

TEST(ProtocolDoc, ListsEveryErrorCodeAndNoOther) {
  std::set<std::string> codes;
  for (ErrorCode code : kAllErrorCodes) codes.insert(std::string(to_string(code)));
  EXPECT_EQ(doc().error_codes, codes);
}

// A request is read by the daemon's own codec and its arguments pass the table; a reply or
// event has the shape every client relies on.
TEST(ProtocolDoc, EveryExampleIsAMessageTheCodecReads) {
  ASSERT_GT(doc().examples.size(), 20u);
  std::set<std::string> requested;
  for (const std::string& text : doc().examples) {
    SCOPED_TRACE(text);
    const json message = json::parse(text, nullptr, false);
    ASSERT_TRUE(message.is_object()) << "not a JSON object";
    if (message.contains("cmd")) {
      const auto request = parse_request(json::parse(text).dump());
      const auto* command = find_command(request.command);
      ASSERT_NE(command, nullptr);
      EXPECT_NO_THROW(validate_arguments(*command, request.args));
      requested.insert(request.command);
    } else if (message.contains("ok")) {
      EXPECT_TRUE(message.contains("id"));
      ASSERT_TRUE(message["ok"].is_boolean());
      if (message["ok"].get<bool>()) {
        EXPECT_TRUE(message["result"].is_object());
      } else {
        EXPECT_TRUE(doc().error_codes.contains(message["error"].value("code", "")));
        EXPECT_TRUE(message["error"]["message"].is_string());
      }
    } else if (message.contains("event")) {
      EXPECT_TRUE(message.contains("id"));
      EXPECT_TRUE(message["event"].is_string());
    } else {
      EXPECT_EQ(message.value("protocol", 0), kProtocolVersion) << "not a greeting";
    }
  }
  for (const CommandSpec& command : command_table()) {
    EXPECT_TRUE(requested.contains(std::string(command.name)))
        << "no example request for " << command.name;
  }
}

// One reply of each command with every optional field filled.
std::map<std::string, std::vector<json>> sample_replies() {
  const OffsetDateTime at{WallTime{std::chrono::hours{24 * 20000}}, std::chrono::hours{1}};
  const LocalDate day = std::chrono::year{2026} / 11 / 24;
  BreakState breaks{{{"eye", true, 1, 2, 0}},
                    VisibleReminder{"eye", "due", 1, true, 1, false, 3, 4, at},
                    {"away"},
                    at,
                    1,
                    "console",
                    "not followed"};
  const std::vector<Diagnostic> diagnostics = {{"f", 1, 2, "m"}};
  LimitStatusReply limit_status{1001, "alice", "active", day,   1,    2,       3,      4, 5,
                                6,    false,   at,       false, true, "daily", "lock", 60};
  StateReply state{"active", at, "logind", "", {day, {}}};
  StatusReply status{state,
                     "x11",
                     {"x11", 0, true, false, {{"logind", "a", "b"}}},
                     "0.1.0",
                     1,
                     {"f", "file", diagnostics},
                     breaks,
                     "history.db",
                     "damaged (file is not a database): moved aside",
                     0,
                     to_json(limit_status)};
  UsageReply by_day{std::chrono::hours{4}, std::vector<DayTotals>{{day, {}}}, {}, {}, {}};
  UsageReply by_hour{std::chrono::hours{4}, {}, std::vector<HourTotals>{{day, 4, {}}}, {}, {}};
  UsageReply by_interval{std::chrono::hours{4},
                         {},
                         {},
                         std::vector<IntervalEntry>{{"idle", at, at, {}, "x", ""}},
                         10000};
  BreaksDay counts{day, {}};
  for (auto name : kBreakCounts) counts.counts["eye"][std::string(name)] = 0;
  for (auto name : kGoalCounts) counts.counts["goal"][std::string(name)] = 0;
  LimitsShowReply shown{"f",
                        "file",
                        diagnostics,
                        {{1001,
                          "alice",
                          {{"mon", 1, std::vector<std::string>{"07:00-08:00"}}},
                          2,
                          {3},
                          "lock",
                          4,
                          false}}};
  const RequestView request{12, 1001, "alice", at, 1800, "r", "granted", at, 1500, 1200};
  return {
      {"limits.status", {to_json(limit_status)}},
      {"limits.watch", {json{{"limits", to_json(limit_status)}}}},
      {"limits.show", {to_json(shown)}},
      {"limits.grant", {to_json(limit_status)}},
      {"limits.login", {to_json(LoginCheckReply{1001, true, false, "hours", "m", 5})}},
      {"limits.ask", {to_json(request)}},
      {"limits.set", {to_json(shown)}},
      {"limits.usage",
       {to_json(LimitsUsageReply{1001,
                                 "alice",
                                 {{day, 1, 2, 3, 4, 5, {{at, "action", "lock", "daily"}}}},
                                 std::vector<LimitHourUsage>{{day, 16, 3600}}})}},
      {"limits.answer", {to_json(request)}},
      {"limits.approve", {to_json(request)}},
      {"limits.requests", {to_json(RequestsReply{{request}})}},
      {"status", {to_json(status)}},
      {"usage", {to_json(by_day), to_json(by_hour), to_json(by_interval)}},
      {"config.get", {to_json(ConfigReply{"f", "file", {}})}},
      {"config.check", {to_json(ConfigCheckReply{"f", false, diagnostics, diagnostics})}},
      {"reload", {to_json(ReloadReply{false, "f", diagnostics})}},
      {"subscribe", {[&] {
         json result = to_json(state);
         result["breaks"] = to_json(breaks);
         result["limits"] = to_json(limit_status);
         return result;
       }()}},
      {"forget", {to_json(ForgetReply{at})}},
      {"break", {to_json(BreakAnswerReply{"take", breaks})}},
      {"pause", {to_json(PauseReply{at})}},
      {"resume", {to_json(PauseReply{})}},
      {"breaks", {to_json(BreaksReply{{counts}, breaks})}},
      {"resources",
       {to_json(ResourcesReply{"sv", {{"i", "t", "d", "u", "c", {"m"}}}, diagnostics})}},
  };
}

void collect_keys(const json& value, std::set<std::string>& keys) {
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      keys.insert(key);
      collect_keys(member, keys);
    }
  } else if (value.is_array()) {
    for (const auto& member : value) collect_keys(member, keys);
  }
}

TEST(ProtocolDoc, EveryReplyFieldIsDocumented) {
  const auto samples = sample_replies();
  for (const CommandSpec& command : command_table()) {
    SCOPED_TRACE(std::string(command.name));
    const auto sample = samples.find(std::string(command.name));
    ASSERT_NE(sample, samples.end()) << "no sample reply in this test";
    const auto section = doc().commands.find(std::string(command.name));
    ASSERT_NE(section, doc().commands.end());
    std::set<std::string> keys;
    for (const json& reply : sample->second) collect_keys(reply, keys);
    for (const std::string& key : keys) {
      const bool documented = section->second.text.find("`" + key + "`") != std::string::npos ||
                              section->second.text.find("\"" + key + "\"") != std::string::npos ||
                              doc().objects.find("`" + key + "`") != std::string::npos;
      EXPECT_TRUE(documented) << "reply field " << key << " is not documented";
    }
  }
}

}  // namespace
}  // namespace screentime::protocol
