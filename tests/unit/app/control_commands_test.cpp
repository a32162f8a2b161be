// ControlCommands against a fake user: requests are checked, then the peer is authorized,
// then the handler runs; each failure becomes its one wire code.
#include "daemon/app/control_commands.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "daemon/adapters/config/resource_catalog_loader.hpp"
#include "daemon/adapters/store/store_error.hpp"
#include "daemon/core/fake_clock.hpp"
#include "daemon/core/history_store.hpp"
#include "daemon/core/usage_tracker.hpp"
#include "daemon/protocol/commands.hpp"

namespace screentime::app {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr uid_t kUser = 1000;
constexpr uid_t kOtherUser = 1001;
constexpr uid_t kRoot = 0;

// No history at all; reads can be made to fail as a broken database does.
class EmptyStore final : public core::HistoryStore {
 public:
  bool broken = false;

  void append(core::UserId, const core::Interval&) override {}
  void save_last_seen(core::UserId, const core::LastSeen&) override {}
  void append_break_event(core::UserId, const core::BreakEvent&) override {}
  void save_break_snapshot(core::UserId, const core::BreakSnapshot&) override {}
  core::FlushOutcome flush() override { return {}; }
  std::size_t pending() const override { return 0; }
  std::optional<core::LastSeen> last_seen(core::UserId) override { return std::nullopt; }
  std::optional<core::BreakSnapshot> break_snapshot(core::UserId) override { return std::nullopt; }
  std::vector<core::Interval> intervals(core::UserId, core::WallTime, core::WallTime) override {
    if (broken) throw adapters::StoreError("history.db", "database disk image is malformed");
    return {};
  }
  std::vector<core::BreakEvent> break_events(core::UserId, core::WallTime,
                                             core::WallTime) override {
    return {};
  }
  void purge_before(core::UserId, core::WallTime) override {}
};

class FakeUser final : public UserControl {
 public:
  FakeUser() : clock_(core::WallTime{std::chrono::sys_days{std::chrono::year{2026} / 11 / 24}}) {}

  EmptyStore store;
  int forgets = 0;
  int reloads = 0;
  bool buggy = false;  // break_state() throws as a bug would

  core::UserId user() const override { return kUser; }
  const core::Clock& clock() const override { return clock_; }
  core::ActivityState activity_state() const override { return core::ActivityState::idle; }
  std::optional<core::Interval> open_interval() const override { return std::nullopt; }
  UsageReport report() const override {
    return UsageReport(clock_, const_cast<EmptyStore&>(store), tracker_.accountant(), kUser, 4h);
  }
  StatusParts status_parts() const override { return {"none", {}, "history.db", 0}; }
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

TEST(HandlerTable, HasOneHandlerPerCommandOfTheProtocol) {
  ASSERT_EQ(handler_table().size(), protocol::command_table().size());
  for (const auto& command : protocol::command_table()) {
    EXPECT_TRUE(std::any_of(handler_table().begin(), handler_table().end(),
                            [&](const HandlerRow& row) { return row.command == command.name; }))
        << command.name;
  }
}

}  // namespace
}  // namespace screentime::app
