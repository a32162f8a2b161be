// ControlCommands against a fake user, and in the system role against fake limited users:
// requests are checked, then the peer is authorized, then the handler runs; each failure
// becomes its one wire code.
#include "daemon/app/control_commands.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "daemon/adapters/config/resource_catalog_loader.hpp"
#include "daemon/adapters/store/store_error.hpp"
#include "daemon/app/limited_user.hpp"
#include "daemon/app/system_control.hpp"
#include "daemon/core/fake_clock.hpp"
#include "daemon/core/history_store.hpp"
#include "daemon/core/usage_tracker.hpp"
#include "daemon/protocol/commands.hpp"
#include "tests/unit/app/limited_user_fakes.hpp"

namespace screentime::app {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr uid_t kUser = 1000;
constexpr uid_t kOtherUser = 1001;
constexpr uid_t kRoot = 0;

class FakeUser final : public UserControl {
 public:
  FakeUser() : clock_(core::WallTime{std::chrono::sys_days{std::chrono::year{2026} / 11 / 24}}) {}

  MemoryStore store;
  int forgets = 0;
  int reloads = 0;
  bool buggy = false;  // break_state() throws as a bug would

  core::UserId user() const override { return kUser; }
  const core::Clock& clock() const override { return clock_; }
  core::ActivityState activity_state() const override { return core::ActivityState::idle; }
  std::optional<core::Interval> open_interval() const override { return std::nullopt; }
  UsageReport report() const override {
    return UsageReport(clock_, const_cast<MemoryStore&>(store), tracker_.accountant(), kUser, 4h);
  }
  StatusParts status_parts() const override { return {"none", {}, "history.db", "", 0, nullptr}; }
  protocol::BreakState break_state() const override {
    if (buggy) throw std::out_of_range("vector::at");
    return {};
  }
  core::AnswerResult answer_break(core::BreakAnswer) override {
    return core::AnswerResult::nothing_visible;
  }
  void pause_reminders(std::optional<core::WallTime>) override {}
  std::vector<core::BreakEvent> break_events(core::WallTime, core::WallTime) override { return {}; }
  const ConfigState& config_state() const override { return config_; }
  bool reload_config() override {
    ++reloads;
    return true;
  }
  void forget_before(core::WallTime) override { ++forgets; }
  std::optional<std::filesystem::path> resource_catalog(
      const std::vector<std::string>& languages) const override {
    return adapters::find_resource_catalog(languages,
                                           adapters::resource_catalog_dirs({}, std::nullopt));
  }

 private:
  core::FakeClock clock_;
  core::UsageTracker tracker_{clock_, "boot", 5min};
  ConfigState config_;
};

class ControlCommandsTest : public ::testing::Test {
 protected:
  // The reply's error code, or "" when it succeeded.
  std::string code(uid_t peer, const std::string& line) {
    const auto reply = json::parse(commands_.handle(peer, line).reply);
    return reply.value("ok", false) ? "" : reply["error"].value("code", "?");
  }

  FakeUser user_;
  ControlCommands commands_{user_};
};

TEST_F(ControlCommandsTest, TheUserAndRootMayAskAboutTheUser) {
  EXPECT_EQ(code(kUser, R"({"id":1,"cmd":"status"})"), "");
  EXPECT_EQ(code(kRoot, R"({"id":1,"cmd":"status"})"), "");
  EXPECT_EQ(code(kUser, R"({"id":1,"cmd":"usage","args":{"by":"hour"}})"), "");
}

// By hour, ten years took the loop 3.3 s and made a 12 MB reply: a year at most.
TEST_F(ControlCommandsTest, UsageByHourCoversAYearAtMostByDayTenYears) {
  const auto usage = [this](const char* from, const char* to, const char* by) {
    return code(kUser, std::string(R"({"id":1,"cmd":"usage","args":{"from":")") + from +
                           R"(","to":")" + to + R"(","by":")" + by + R"("}})");
  };
  EXPECT_EQ(usage("2025-01-01", "2026-01-01", "hour"), "");  // 366 days
  EXPECT_EQ(usage("2025-01-01", "2026-01-02", "hour"), "bad_request");
  EXPECT_EQ(usage("2016-01-01", "2026-01-02", "day"), "");
  EXPECT_EQ(usage("2016-01-01", "2026-01-02", "interval"), "");
}

// Ten years of intervals came as one reply of megabytes: now 10000 a reply, and where to go on.
TEST_F(ControlCommandsTest, UsageByIntervalComesInRepliesOfTenThousandAtMost) {
  const core::WallTime first{std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}};
  user_.store.reads_appended = true;
  for (int i = 0; i < 10005; ++i) {
    user_.store.append(
        kUser, {core::ActivityState::active, first + std::chrono::minutes{i}, 30s, 1h, "x11", ""});
  }
  const auto page = [this](int offset) {
    const auto reply =
        json::parse(commands_
                        .handle(kUser, R"({"id":1,"cmd":"usage","args":{"from":"2026-01-01","to":)"
                                       R"("2026-01-31","by":"interval","offset":)" +
                                           std::to_string(offset) + "}}")
                        .reply);
    EXPECT_TRUE(reply.value("ok", false)) << reply.dump();
    return reply["result"];
  };
  const auto first_page = page(0);
  EXPECT_EQ(first_page["intervals"].size(), 10000u);
  EXPECT_EQ(first_page["next_offset"], 10000);
  const auto last_page = page(10000);
  EXPECT_EQ(last_page["intervals"].size(), 5u);
  EXPECT_TRUE(last_page["next_offset"].is_null());
  EXPECT_EQ(last_page["intervals"][0]["start"], "2026-01-07T23:40:00+01:00");
  EXPECT_EQ(code(kUser, R"({"id":1,"cmd":"usage","args":{"by":"interval","offset":-1}})"),
            "bad_request");
  EXPECT_EQ(code(kUser, R"({"id":1,"cmd":"usage","args":{"by":"interval","offset":"10"}})"),
            "bad_request");
}

TEST_F(ControlCommandsTest, AnotherUidIsDeniedAndNothingChanges) {
  EXPECT_EQ(code(kOtherUser, R"({"id":1,"cmd":"status"})"), "permission_denied");
  EXPECT_EQ(code(kOtherUser, R"({"id":2,"cmd":"forget","args":{"all":true}})"),
            "permission_denied");
  EXPECT_EQ(code(kOtherUser, R"({"id":3,"cmd":"reload"})"), "permission_denied");
  EXPECT_EQ(user_.forgets, 0);
  EXPECT_EQ(user_.reloads, 0);
  EXPECT_EQ(code(kUser, R"({"id":4,"cmd":"forget","args":{"all":true}})"), "");
  EXPECT_EQ(user_.forgets, 1);
}

TEST_F(ControlCommandsTest, ABadArgumentFromAnotherUidIsABadRequestFirst) {
  EXPECT_EQ(code(kOtherUser, R"({"id":1,"cmd":"usage","args":{"from":5}})"), "bad_request");
  EXPECT_EQ(code(kOtherUser, R"({"id":2,"cmd":"forget"})"), "bad_request");
  EXPECT_EQ(code(kOtherUser, R"({"id":3,"cmd":"rm"})"), "unknown_command");
}

TEST_F(ControlCommandsTest, AnyoneMayReadTheResourceCatalog) {
  EXPECT_EQ(code(kOtherUser, R"({"id":1,"cmd":"resources","args":{"languages":["en"]}})"), "");
}

TEST_F(ControlCommandsTest, ConfigCheckNeverOpensAPathTheClientNames) {
  EXPECT_EQ(code(kUser, R"({"id":1,"cmd":"config.check","args":{"file":"/etc/shadow"}})"),
            "bad_request");
  const auto reply = json::parse(
      commands_
          .handle(
              kUser,
              R"({"id":2,"cmd":"config.check","args":{"text":"[general]\nday_starts_at = 5\n","name":"mine.toml"}})")
          .reply);
  EXPECT_EQ(reply["result"]["file"], "mine.toml");
  EXPECT_EQ(reply["result"]["valid"], false);
  EXPECT_EQ(reply["result"]["errors"][0]["line"], 2);
}

TEST_F(ControlCommandsTest, ARefusalKeepsItsCode) {
  EXPECT_EQ(code(kUser, R"({"id":1,"cmd":"break","args":{"answer":"take"}})"), "refused");
}

TEST_F(ControlCommandsTest, AStorageFailureIsUnavailable) {
  user_.store.broken = true;
  EXPECT_EQ(code(kUser, R"({"id":1,"cmd":"usage"})"), "unavailable");
}

TEST_F(ControlCommandsTest, AnUnexpectedExceptionIsInternalNotUnavailable) {
  user_.buggy = true;
  const auto reply = json::parse(commands_.handle(kUser, R"({"id":7,"cmd":"breaks"})").reply);
  EXPECT_EQ(reply["id"], 7);
  EXPECT_EQ(reply["error"]["code"], "internal");
}

TEST_F(ControlCommandsTest, SubscribeAsksForTheEventStream) {
  const auto outcome = commands_.handle(kUser, R"({"id":"s","cmd":"subscribe"})");
  EXPECT_TRUE(outcome.subscribe);
  EXPECT_EQ(outcome.subscription, "s");
  EXPECT_FALSE(commands_.handle(kUser, R"({"id":1,"cmd":"status"})").subscribe);
}

TEST(HandlerTable, HasOneHandlerPerCommandOfTheProtocolInItsRole) {
  ASSERT_EQ(handler_table().size() + system_handler_table().size(),
            protocol::command_table().size());
  for (const auto& command : protocol::command_table()) {
    const bool user_role =
        std::any_of(handler_table().begin(), handler_table().end(),
                    [&](const HandlerRow& row) { return row.command == command.name; });
    const bool system_role =
        std::any_of(system_handler_table().begin(), system_handler_table().end(),
                    [&](const SystemHandlerRow& row) { return row.command == command.name; });
    EXPECT_EQ(user_role, command.role == protocol::Role::user) << command.name;
    EXPECT_EQ(system_role, command.role == protocol::Role::system) << command.name;
  }
}

// The system role: one limited user, alice (uid 1001, 2 h a day); bob (uid 1000) is not
// limited; members of gid 900 administer.
constexpr gid_t kAdminGroup = 900;

class FakeSystem final : public SystemControl {
 public:
  explicit FakeSystem(const core::Clock& clock) : clock_(clock) {
    core::UserLimits limits;
    for (auto& day : limits.days) day.daily = 2h;
    alice_.start(limits, core::LimitsFile{});
  }
  bool is_admin(const adapters::PeerCredentials& peer) const override {
    return peer.uid == 0 || peer.gid == kAdminGroup ||
           std::find(peer.groups.begin(), peer.groups.end(), kAdminGroup) != peer.groups.end();
  }
  std::optional<core::UserId> limited_user(std::string_view name) const override {
    if (name == "alice" || name == "1001") return kOtherUser;
    return std::nullopt;
  }
  std::vector<core::UserId> limited_users() const override { return {kOtherUser}; }
  std::string user_name(core::UserId user) const override {
    return user == kOtherUser ? "alice" : std::to_string(user);
  }
  const core::UserSession* limited_session(core::UserId user) const override {
    return user == kOtherUser ? &alice_.session() : nullptr;
  }
  const LimitsInForce& limits_in_force() const override { return limits_; }
  std::vector<adapters::ConfigDiagnostic> set_limit(
      const std::string& user, const std::string& key,
      const std::optional<std::string>& value) override {
    set.push_back(user + " " + key + " " + value.value_or("(unset)"));
    if (value == "\"nonsense\"") return {{"limits.toml", 3, 9, "expected a duration"}};
    return {};
  }
  void grant(core::UserId user, core::Duration extra, core::UserId by,
             std::optional<std::int64_t> request) override {
    const auto now = clock_.now().wall;
    records_.add_grant(user, {now, core::UtcOffset{}, extra, by, request});
    granted.push_back(user);
    alice_.grant(extra);
  }
  core::LimitRecords& records() override { return records_; }
  core::HistoryStore& history() override { return store_; }
  std::string control_socket() const override { return "/run/screentime/system.sock"; }
  void tell_user(core::UserId user, const core::Notification& notification,
                 const core::AnsweringActions& answers) override {
    told.push_back(std::to_string(user) + ": " + notification.summary);
    user_answers = answers;
  }
  void approve_on_screen(const core::LimitRequest& request) override {
    approvals.push_back(request.id);
  }
  void tell_admins(const core::Notification& notification,
                   const core::AnsweringActions& answers) override {
    told.push_back("admins: " + notification.summary);
    last_answers = answers;
  }
  void tell_absent_parents(const core::LimitRequest& request) override {
    told.push_back("absent parents: request " + std::to_string(request.id));
  }
  const core::Clock& clock() const override { return clock_; }

  std::vector<core::UserId> granted;
  std::vector<std::string> told;
  std::vector<std::string> set;
  core::AnsweringActions last_answers;
  core::AnsweringActions user_answers;
  std::vector<std::int64_t> approvals;
  MemoryLimitRecords records_;

 private:
  const core::Clock& clock_;
  MemoryStore store_;
  Host host_;
  Actions actions_;
  LimitedUser alice_{clock_, store_, host_, actions_, kOtherUser, "boot"};
  LimitsInForce limits_{"/nonexistent/limits.toml", "/nonexistent"};
};

class SystemCommandsTest : public ::testing::Test {
 protected:
  SystemCommandsTest() { commands_.serve_system_role(system_); }

  json reply(const adapters::PeerCredentials& peer, const std::string& line) {
    return json::parse(commands_.handle(peer, line).reply);
  }
  std::string code(const adapters::PeerCredentials& peer, const std::string& line) {
    const auto answer = reply(peer, line);
    return answer.value("ok", false) ? "" : answer["error"].value("code", "?");
  }

  const adapters::PeerCredentials alice_{1, kOtherUser, kOtherUser, {}};
  const adapters::PeerCredentials bob_{2, kUser, kUser, {}};
  const adapters::PeerCredentials parent_{3, 1500, 1500, {27, kAdminGroup}};
  const adapters::PeerCredentials root_{4, kRoot, kRoot, {}};
  core::FakeClock clock_{core::WallTime{std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}} +
                         15h};
  FakeUser user_;
  FakeSystem system_{clock_};
  ControlCommands commands_{user_};
};

TEST_F(SystemCommandsTest, AUserReadsTheirOwnStandingAndNobodyElses) {
  const auto own = reply(alice_, R"({"id":1,"cmd":"limits.status"})");
  ASSERT_TRUE(own.value("ok", false)) << own.dump();
  EXPECT_EQ(own["result"]["name"], "alice");
  EXPECT_EQ(own["result"]["daily_seconds"], 7200);
  EXPECT_EQ(own["result"]["left_seconds"], 7200);
  EXPECT_EQ(code(alice_, R"({"id":2,"cmd":"limits.status","args":{"user":"alice"}})"), "");
  // Bob is not limited: his own question is refused; naming alice is denied, and so is naming
  // someone who is not limited at all, so that nobody learns who is.
  EXPECT_EQ(code(bob_, R"({"id":3,"cmd":"limits.status"})"), "refused");
  EXPECT_EQ(code(bob_, R"({"id":4,"cmd":"limits.status","args":{"user":"alice"}})"),
            "permission_denied");
  EXPECT_EQ(code(bob_, R"({"id":5,"cmd":"limits.show","args":{"user":"carol"}})"),
            "permission_denied");
}

TEST_F(SystemCommandsTest, AWatchFollowsThePeersOwnStandingAndNullWithoutLimits) {
  const auto own = commands_.handle(alice_, R"({"id":7,"cmd":"limits.watch"})");
  EXPECT_TRUE(own.subscribe);
  EXPECT_EQ(own.subscription, 7);
  EXPECT_EQ(own.standing_of, kOtherUser);
  const auto result = json::parse(own.reply)["result"];
  EXPECT_EQ(result["limits"]["name"], "alice");
  EXPECT_EQ(result["limits"]["counting"], false);
  // Bob is not limited: he follows his own standing too, null until limits name him.
  const auto bobs = commands_.handle(bob_, R"({"id":8,"cmd":"limits.watch"})");
  EXPECT_TRUE(bobs.subscribe);
  EXPECT_EQ(bobs.standing_of, kUser);
  EXPECT_TRUE(json::parse(bobs.reply)["result"]["limits"].is_null());
  // Nobody watches another: the command takes no user.
  EXPECT_EQ(code(root_, R"({"id":9,"cmd":"limits.watch","args":{"user":"alice"}})"), "bad_request");
}

TEST_F(SystemCommandsTest, OnlyAnAdministratorGrantsAndTheTimeIsAddedAtOnce) {
  const std::string grant =
      R"({"id":1,"cmd":"limits.grant","args":{"user":"alice","extra":"30m"}})";
  EXPECT_EQ(code(alice_, grant), "permission_denied");
  EXPECT_EQ(code(bob_, grant), "permission_denied");
  EXPECT_TRUE(system_.granted.empty());
  const auto granted = reply(parent_, grant);  // a member of the admin group
  ASSERT_TRUE(granted.value("ok", false)) << granted.dump();
  EXPECT_EQ(granted["result"]["daily_seconds"], 9000);
  EXPECT_EQ(granted["result"]["granted_today_seconds"], 1800);
  EXPECT_EQ(code(root_, grant), "");
  EXPECT_EQ(system_.granted.size(), 2u);
  // An administrator naming nobody limited hears so.
  EXPECT_EQ(code(root_, R"({"id":2,"cmd":"limits.grant","args":{"user":"carol","extra":"1m"}})"),
            "refused");
}

TEST_F(SystemCommandsTest, ABadRequestIsSaidBeforeAnyoneIsAuthorized) {
  EXPECT_EQ(code(bob_, R"({"id":1,"cmd":"limits.grant","args":{"user":"alice","extra":"2d"}})"),
            "bad_request");
  EXPECT_EQ(code(bob_, R"({"id":2,"cmd":"limits.grant","args":{"user":"alice"}})"), "bad_request");
}

TEST_F(SystemCommandsTest, EachRoleRefusesTheOthersCommands) {
  EXPECT_EQ(code(root_, R"({"id":1,"cmd":"status"})"), "refused");
  EXPECT_EQ(code(root_, R"({"id":2,"cmd":"forget","args":{"all":true}})"), "refused");
  EXPECT_EQ(user_.forgets, 0);
  FakeUser user;
  ControlCommands user_role{user};
  const auto answer =
      json::parse(user_role.handle(kUser, R"({"id":3,"cmd":"limits.status"})").reply);
  EXPECT_EQ(answer["error"]["code"], "refused");
}

TEST_F(SystemCommandsTest, AnyoneMayAskWhetherTheyMayLogInAndOnlyThat) {
  const auto bob = reply(bob_, R"({"id":1,"cmd":"limits.login","args":{"user":"1000"}})");
  ASSERT_TRUE(bob.value("ok", false)) << bob.dump();
  EXPECT_EQ(bob["result"]["limited"], false);
  EXPECT_EQ(bob["result"]["allowed"], true);
  const auto alice = reply(root_, R"({"id":2,"cmd":"limits.login","args":{"user":"1001"}})");
  EXPECT_EQ(alice["result"]["limited"], true);
  EXPECT_EQ(alice["result"]["allowed"], true);
  EXPECT_EQ(alice["result"]["message"], "2 hours of screen time left.");
  // Another uid, limited or not, is an administrator's question.
  EXPECT_EQ(code(bob_, R"({"id":3,"cmd":"limits.login","args":{"user":"1001"}})"),
            "permission_denied");
  EXPECT_EQ(code(alice_, R"({"id":4,"cmd":"limits.login","args":{"user":"4242"}})"),
            "permission_denied");
}

TEST_F(SystemCommandsTest, AskedGrantedOnceAndTheUserHearsTheAnswer) {
  const auto asked =
      reply(alice_, R"({"id":1,"cmd":"limits.ask","args":{"extra":"30m","reason":"homework"}})");
  ASSERT_TRUE(asked.value("ok", false)) << asked.dump();
  EXPECT_EQ(asked["result"]["id"], 1);
  EXPECT_EQ(asked["result"]["state"], "pending");
  EXPECT_EQ(system_.told, (std::vector<std::string>{"1001: You asked for 30 minutes more",
                                                    "admins: alice asks for 30 minutes more",
                                                    "absent parents: request 1"}));
  // Its buttons answer this request on the role's socket, as whoever clicks.
  ASSERT_EQ(system_.last_answers.actions.size(), 2u);
  EXPECT_EQ(system_.last_answers.socket, "/run/screentime/system.sock");
  EXPECT_EQ(json::parse(system_.last_answers.actions[0].line),
            json::parse(R"({"cmd":"limits.answer","args":{"request":"1","answer":"grant"}})"));
  EXPECT_EQ(system_.last_answers.actions[0].label, "Grant 30 minutes");
  // Only an administrator answers; the asker cannot grant their own request.
  EXPECT_EQ(
      code(alice_, R"({"id":2,"cmd":"limits.answer","args":{"request":"1","answer":"grant"}})"),
      "permission_denied");
  const auto granted = reply(
      parent_,
      R"({"id":3,"cmd":"limits.answer","args":{"request":"1","answer":"grant","extra":"20m"}})");
  ASSERT_TRUE(granted.value("ok", false)) << granted.dump();
  EXPECT_EQ(granted["result"]["state"], "granted");
  EXPECT_EQ(granted["result"]["granted_seconds"], 1200);
  EXPECT_EQ(reply(alice_, R"({"id":9,"cmd":"limits.status"})")["result"]["granted_today_seconds"],
            1200);
  EXPECT_EQ(system_.told.back(), "1001: 20 minutes more screen time");
  ASSERT_EQ(system_.records_.granted.size(), 1u);
  EXPECT_EQ(system_.records_.granted[0].second.request, 1);
  EXPECT_EQ(system_.records_.granted[0].second.by, 1500u);
  // Answered once: neither a second grant nor a denial.
  EXPECT_EQ(
      code(root_, R"({"id":4,"cmd":"limits.answer","args":{"request":"1","answer":"grant"}})"),
      "refused");
  EXPECT_EQ(code(root_, R"({"id":5,"cmd":"limits.answer","args":{"request":"1","answer":"deny"}})"),
            "refused");
  EXPECT_EQ(system_.granted.size(), 1u);
}

TEST_F(SystemCommandsTest, TheAskerMayAskForAParentsPasswordOnTheirScreen) {
  ASSERT_EQ(code(alice_, R"({"id":1,"cmd":"limits.ask","args":{"extra":"1h"}})"), "");
  ASSERT_EQ(system_.user_answers.actions.size(), 1u);
  EXPECT_EQ(json::parse(system_.user_answers.actions[0].line),
            json::parse(R"({"cmd":"limits.approve","args":{"request":"1"}})"));
  EXPECT_EQ(code(bob_, R"({"id":2,"cmd":"limits.approve","args":{"request":"1"}})"),
            "permission_denied");
  EXPECT_TRUE(system_.approvals.empty());
  EXPECT_EQ(code(alice_, R"({"id":3,"cmd":"limits.approve","args":{"request":"1"}})"), "");
  EXPECT_EQ(system_.approvals, (std::vector<std::int64_t>{1}));
  EXPECT_EQ(code(alice_, R"({"id":4,"cmd":"limits.approve","args":{"request":"9"}})"),
            "permission_denied");
  EXPECT_EQ(code(root_, R"({"id":5,"cmd":"limits.approve","args":{"request":"9"}})"), "refused");
}

// One reading of a request number for asker and administrator alike: digits only, no sign,
// nothing after them, within range. The asker hears permission_denied, as for another's
// request; an administrator hears bad_request.
TEST_F(SystemCommandsTest, ARequestNumberIsDigitsOnlyForAskerAndAdministratorAlike) {
  ASSERT_EQ(code(alice_, R"({"id":1,"cmd":"limits.ask","args":{"extra":"1h"}})"), "");
  struct Case {
    const adapters::PeerCredentials& peer;
    const char* command;
    const char* number;
    const char* expected;
  };
  const Case cases[] = {
      {alice_, "limits.approve", "-1", "permission_denied"},
      {alice_, "limits.approve", "1x", "permission_denied"},
      {alice_, "limits.approve", "99999999999999999999", "permission_denied"},
      {root_, "limits.approve", "-1", "bad_request"},
      {root_, "limits.approve", "+1", "bad_request"},
      {root_, "limits.approve", " 1", "bad_request"},
      {root_, "limits.approve", "1x", "bad_request"},
      {root_, "limits.approve", "", "bad_request"},
      {root_, "limits.approve", "99999999999999999999", "bad_request"},
      {root_, "limits.answer", "-1", "bad_request"},
      {root_, "limits.answer", "1 ", "bad_request"},
      {root_, "limits.approve", "9223372036854775807", "refused"},
      {root_, "limits.approve", "01", ""},
  };
  for (const auto& c : cases) {
    json args = {{"request", c.number}};
    if (std::string_view(c.command) == "limits.answer") args["answer"] = "deny";
    const json line = {{"id", 2}, {"cmd", c.command}, {"args", args}};
    EXPECT_EQ(code(c.peer, line.dump()), c.expected) << c.command << " \"" << c.number << "\"";
  }
  EXPECT_EQ(system_.approvals, (std::vector<std::int64_t>{1}));
  EXPECT_EQ(
      reply(root_,
            R"({"id":3,"cmd":"limits.answer","args":{"request":"-1","answer":"deny"}})")["error"]
                                                                                        ["message"],
      "args.request: expected a request number");
}

TEST_F(SystemCommandsTest, OneQuestionAtATime) {
  ASSERT_EQ(code(alice_, R"({"id":1,"cmd":"limits.ask","args":{"extra":"1h"}})"), "");
  const auto again = reply(alice_, R"({"id":2,"cmd":"limits.ask","args":{"extra":"2h"}})");
  EXPECT_EQ(again["error"]["code"], "refused");
  EXPECT_EQ(again["error"]["message"], "request 1 is still waiting for an answer");
  EXPECT_EQ(system_.records_.asked.size(), 1u);
  ASSERT_EQ(code(root_, R"({"id":3,"cmd":"limits.answer","args":{"request":"1","answer":"deny"}})"),
            "");
  EXPECT_EQ(code(alice_, R"({"id":4,"cmd":"limits.ask","args":{"extra":"2h"}})"), "");
}

TEST_F(SystemCommandsTest, ADenialIsKeptAndHeard) {
  ASSERT_EQ(code(alice_, R"({"id":1,"cmd":"limits.ask","args":{"extra":"1h"}})"), "");
  EXPECT_EQ(code(bob_, R"({"id":2,"cmd":"limits.answer","args":{"request":"1","answer":"deny"}})"),
            "permission_denied");
  const auto denied =
      reply(root_, R"({"id":3,"cmd":"limits.answer","args":{"request":"1","answer":"deny"}})");
  ASSERT_TRUE(denied.value("ok", false)) << denied.dump();
  EXPECT_EQ(denied["result"]["state"], "denied");
  EXPECT_EQ(system_.told.back(), "1001: No more screen time");
  EXPECT_TRUE(system_.granted.empty());
  EXPECT_EQ(code(root_, R"({"id":4,"cmd":"limits.answer","args":{"request":"7","answer":"deny"}})"),
            "refused");
  EXPECT_EQ(code(root_, R"({"id":5,"cmd":"limits.answer","args":{"request":"x","answer":"deny"}})"),
            "bad_request");
}

TEST_F(SystemCommandsTest, RequestsAreSeenByTheAskerAndAdministratorsOnly) {
  ASSERT_EQ(code(alice_, R"({"id":1,"cmd":"limits.ask","args":{"extra":"1h"}})"), "");
  EXPECT_EQ(code(bob_, R"({"id":2,"cmd":"limits.ask","args":{"extra":"1h"}})"), "refused")
      << "bob has no limits to ask more of";
  const auto own = reply(alice_, R"({"id":3,"cmd":"limits.requests"})");
  EXPECT_EQ(own["result"]["requests"].size(), 1u);
  EXPECT_EQ(reply(bob_, R"({"id":4,"cmd":"limits.requests"})")["result"]["requests"].size(), 0u);
  EXPECT_EQ(code(bob_, R"({"id":5,"cmd":"limits.requests","args":{"user":"alice"}})"),
            "permission_denied");
  EXPECT_EQ(reply(parent_, R"({"id":6,"cmd":"limits.requests"})")["result"]["requests"].size(), 1u);
}

TEST_F(SystemCommandsTest, OnlyAnAdministratorSetsLimitsAndABrokenResultIsRefused) {
  const std::string set_daily =
      R"({"id":1,"cmd":"limits.set","args":{"user":"alice","key":"daily","value":"3h"}})";
  EXPECT_EQ(code(alice_, set_daily), "permission_denied");
  EXPECT_TRUE(system_.set.empty());
  EXPECT_EQ(code(parent_, set_daily), "");
  EXPECT_EQ(system_.set, (std::vector<std::string>{"alice daily \"3h\""}));
  EXPECT_EQ(
      code(root_,
           R"({"id":2,"cmd":"limits.set","args":{"user":"alice","key":"colour","value":"x"}})"),
      "bad_request");
  EXPECT_EQ(
      code(root_,
           R"({"id":3,"cmd":"limits.set","args":{"user":"al/ice","key":"daily","value":"1h"}})"),
      "bad_request");
  const auto broken = reply(
      root_,
      R"({"id":4,"cmd":"limits.set","args":{"user":"alice","key":"daily","value":"nonsense"}})");
  EXPECT_EQ(broken["error"]["code"], "refused");
  EXPECT_NE(broken["error"]["message"].get<std::string>().find("limits.toml:3:9"),
            std::string::npos);
}

TEST_F(SystemCommandsTest, TheParentsReportShowsTheLimitTheGrantsAndWhatTheLimitDid) {
  ASSERT_EQ(code(root_, R"({"id":1,"cmd":"limits.grant","args":{"user":"alice","extra":"30m"}})"),
            "");
  system_.records_.add_event(kOtherUser,
                             {clock_.now().wall, core::UtcOffset{}, core::LimitEvent::Kind::action,
                              core::LimitAction::lock, core::LimitReason::daily});
  const auto report = reply(parent_, R"({"id":2,"cmd":"limits.usage","args":{"user":"alice"}})");
  ASSERT_TRUE(report.value("ok", false)) << report.dump();
  ASSERT_EQ(report["result"]["days"].size(), 1u);
  const auto& today = report["result"]["days"][0];
  EXPECT_EQ(today["date"], "2026-12-01");
  EXPECT_EQ(today["limit_seconds"], 7200);
  EXPECT_EQ(today["granted_seconds"], 1800);
  ASSERT_EQ(today["events"].size(), 1u);
  EXPECT_EQ(today["events"][0]["action"], "lock");
  EXPECT_FALSE(report["result"].contains("hours"));
  const auto hours = reply(alice_, R"({"id":3,"cmd":"limits.usage","args":{"by":"hour"}})");
  ASSERT_TRUE(hours.value("ok", false)) << hours.dump();
  EXPECT_TRUE(hours["result"]["hours"].is_array());
  EXPECT_EQ(code(bob_, R"({"id":4,"cmd":"limits.usage","args":{"user":"alice"}})"),
            "permission_denied");
}

TEST_F(SystemCommandsTest, AnAdministratorSeesEveryLimitedUsersLimits) {
  const auto all = reply(parent_, R"({"id":1,"cmd":"limits.show"})");
  ASSERT_TRUE(all.value("ok", false)) << all.dump();
  ASSERT_EQ(all["result"]["users"].size(), 1u);
  EXPECT_EQ(all["result"]["users"][0]["days"][0]["daily_seconds"], 7200);
  EXPECT_EQ(code(bob_, R"({"id":2,"cmd":"limits.show"})"), "refused");
}

}  // namespace
}  // namespace screentime::app
