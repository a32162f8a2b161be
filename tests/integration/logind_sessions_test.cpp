// LogindSessions, the real thing, in an io_context against the mock logind of a private
// desktop session (with-desktop-session), driven by `testenv-logind`. The cases share one
// session and leave its sessions as they found them (c1 only, unlocked).

#include "daemon/adapters/activity/logind_sessions.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/adapters/system/system_clock.hpp"
#include "tests/integration/command_runner.hpp"

namespace screentime::adapters {
namespace {

using screentime::testing::run_shell;
using screentime::testing::shell_output;

using namespace std::chrono_literals;

constexpr core::UserId kChildUid = 4242;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

using Picture = std::vector<core::LoginSession>;

const core::LoginSession* find(const Picture& picture, std::string_view id) {
  for (const auto& session : picture) {
    if (session.id == id) return &session;
  }
  return nullptr;
}

class RecordingListener final : public LogindSessionsListener {
 public:
  void on_sessions(const Picture& sessions) override {
    pictures.push_back(sessions);
    events.emplace_back("sessions");
  }
  void on_prepare_for_sleep(bool sleeping) override {
    events.emplace_back(sleeping ? "sleep" : "wake");
  }
  void on_logind_lost(std::string_view why) override {
    events.push_back("lost " + std::string(why));
  }

  std::size_t count(std::string_view prefix) const {
    std::size_t n = 0;
    for (const auto& event : events) n += event.starts_with(prefix) ? 1 : 0;
    return n;
  }

  std::vector<Picture> pictures;
  std::vector<std::string> events;  // in order: "sessions", "lost …", "sleep", "wake"
};

// The mock logind's process id, from the test session's `pids` file.
pid_t logind_pid() {
  const char* dir = std::getenv("SCREENTIME_TESTENV_DIR");
  if (dir == nullptr) return 0;
  std::ifstream pids(std::string(dir) + "/pids");
  std::string name;
  pid_t pid = 0;
  while (pids >> name >> pid) {
    if (name == "logind") return pid;
  }
  return 0;
}

// Holds the mock logind stopped (SIGSTOP): it keeps its name on the bus and answers nothing,
// as a hung logind does, until resumed; resumed at the latest when this goes.
class FrozenLogind {
 public:
  explicit FrozenLogind(pid_t pid) : pid_(pid) { frozen_ = pid_ > 0 && kill(pid_, SIGSTOP) == 0; }
  ~FrozenLogind() { resume(); }
  FrozenLogind(const FrozenLogind&) = delete;
  FrozenLogind& operator=(const FrozenLogind&) = delete;

  bool frozen() const { return frozen_; }
  void resume() {
    if (frozen_) kill(pid_, SIGCONT);
    frozen_ = false;
  }

 private:
  pid_t pid_;
  bool frozen_ = false;
};

class LogindSessionsTest : public ::testing::Test {
 protected:
  // Starts following and waits for the first picture.
  void start() {
    sessions_.emplace(system_bus_, clock_, listener_);
    ASSERT_TRUE(sessions_->start());
    ASSERT_TRUE(run_until([&] { return !listener_.pictures.empty(); }));
  }

  // Runs the loop until `done` holds (true) or `timeout` passes (false).
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= until) return false;
      io_.run_one_for(100ms);
    }
    return true;
  }

  // Runs `command`, then the loop until a new picture satisfies `wanted`.
  bool picture_after(const std::string& command,
                     const std::function<bool(const Picture&)>& wanted) {
    const std::size_t seen = listener_.pictures.size();
    if (!run_shell(command)) return false;
    return run_until(
        [&] { return listener_.pictures.size() > seen && wanted(listener_.pictures.back()); });
  }

  // Runs the loop until an action's answer is in; its error, if any.
  std::optional<std::string> answer_of(const std::function<bool(LogindSessions::ActionDone)>& act) {
    bool answered = false;
    std::optional<std::string> error;
    if (!act([&](const std::optional<std::string>& e) {
          answered = true;
          error = e;
        })) {
      return "not sent";
    }
    if (!run_until([&] { return answered; })) return "no answer";
    return error;
  }

  const Picture& picture() const { return listener_.pictures.back(); }

  boost::asio::io_context io_;
  SystemClock clock_;
  RecordingListener listener_;
  SharedBus system_bus_{io_, SdBusConnection::Bus::kSystem};
  std::optional<LogindSessions> sessions_;
};

TEST_F(LogindSessionsTest, FirstPictureListsTheTestSession) {
  start();
  ASSERT_EQ(picture().size(), 1u);
  const core::LoginSession& c1 = picture().front();
  EXPECT_EQ(c1.id, "c1");
  EXPECT_EQ(c1.uid, getuid());
  EXPECT_EQ(c1.type, "x11");
  EXPECT_EQ(c1.session_class, "user");
  EXPECT_FALSE(c1.remote);
  EXPECT_TRUE(c1.active);
  EXPECT_FALSE(c1.locked);
  EXPECT_FALSE(c1.idle);
  EXPECT_EQ(sessions_->describe(), "logind: 1 session of 1 user");
  EXPECT_FALSE(sessions_->next_deadline());
  const std::string calls = shell_output("testenv-logind calls");
  EXPECT_TRUE(contains(calls, "ListSessions")) << calls;  // (property reads are not recorded)
}

TEST_F(LogindSessionsTest, FollowsAnotherUsersSessionFromLoginToLogout) {
  start();
  ASSERT_TRUE(run_shell("testenv-logind add-user kid " + std::to_string(kChildUid)));
  ASSERT_TRUE(picture_after("testenv-logind add-session c2 4242 --type tty",
                            [](const Picture& p) { return find(p, "c2") != nullptr; }));
  const core::LoginSession* c2 = find(picture(), "c2");
  EXPECT_EQ(c2->uid, kChildUid);
  EXPECT_EQ(c2->type, "tty");
  EXPECT_EQ(c2->session_class, "user");
  EXPECT_FALSE(c2->active);
  EXPECT_FALSE(c2->locked);
  EXPECT_EQ(sessions_->describe(), "logind: 2 sessions of 2 users");

  EXPECT_TRUE(picture_after("testenv-logind session c2 lock",
                            [](const Picture& p) { return find(p, "c2")->locked; }));
  EXPECT_TRUE(picture_after("testenv-logind session c2 unlock",
                            [](const Picture& p) { return !find(p, "c2")->locked; }));
  EXPECT_TRUE(picture_after("testenv-logind session c2 idle-hint true",
                            [](const Picture& p) { return find(p, "c2")->idle; }));
  EXPECT_TRUE(picture_after("testenv-logind session c2 active true",
                            [](const Picture& p) { return find(p, "c2")->active; }));
  EXPECT_TRUE(find(picture(), "c1")->active);  // another seat's matter: c1 is left as it was
  EXPECT_FALSE(find(picture(), "c1")->idle);

  EXPECT_TRUE(picture_after("testenv-logind remove-session c2",
                            [](const Picture& p) { return find(p, "c2") == nullptr; }));
  EXPECT_EQ(picture().size(), 1u);
  EXPECT_EQ(listener_.count("lost "), 0u);
}

TEST_F(LogindSessionsTest, PrepareForSleepBothWays) {
  start();
  ASSERT_TRUE(run_shell("testenv-logind sleep"));
  ASSERT_TRUE(run_until([&] { return listener_.count("sleep") == 1; }));
  ASSERT_TRUE(run_shell("testenv-logind wake"));
  ASSERT_TRUE(run_until([&] { return listener_.count("wake") == 1; }));
  EXPECT_EQ(listener_.events.back(), "wake");
}

TEST_F(LogindSessionsTest, SuspendAsksLogindWhichSleepsAndWakes) {
  start();
  EXPECT_EQ(answer_of([&](auto done) { return sessions_->suspend(done); }), std::nullopt);
  EXPECT_TRUE(run_shell("testenv-logind wait-call Suspend 5"));
  ASSERT_TRUE(run_until([&] { return listener_.count("wake") == 1; }));
  EXPECT_EQ(listener_.count("sleep"), 1u);
}

TEST_F(LogindSessionsTest, LockSessionLocksIt) {
  start();
  EXPECT_EQ(answer_of([&](auto done) { return sessions_->lock_session("c1", done); }),
            std::nullopt);
  EXPECT_TRUE(contains(shell_output("testenv-logind wait-call LockSession 5"), "LockSession c1"));
  EXPECT_TRUE(run_until([&] { return find(picture(), "c1")->locked; }));
  EXPECT_TRUE(picture_after("testenv-logind unlock",
                            [](const Picture& p) { return !find(p, "c1")->locked; }));
}

TEST_F(LogindSessionsTest, ActionsOnAnUnknownSessionReportTheError) {
  start();
  const auto error = answer_of([&](auto done) { return sessions_->lock_session("c99", done); });
  ASSERT_TRUE(error);
  EXPECT_TRUE(contains(*error, "NoSuchSession")) << *error;
}

TEST_F(LogindSessionsTest, TerminateSessionRemovesIt) {
  start();
  ASSERT_TRUE(picture_after("testenv-logind add-session c3 4242 --type tty",
                            [](const Picture& p) { return find(p, "c3") != nullptr; }));
  EXPECT_EQ(answer_of([&](auto done) { return sessions_->terminate_session("c3", done); }),
            std::nullopt);
  EXPECT_TRUE(contains(shell_output("testenv-logind calls"), "TerminateSession c3"));
  EXPECT_TRUE(run_until([&] { return find(picture(), "c3") == nullptr; }));
  EXPECT_EQ(picture().size(), 1u);
}

TEST_F(LogindSessionsTest, LogindRestartLosesThenGivesTheFullPictureAgain) {
  start();
  ASSERT_TRUE(run_shell("testenv-logind restart"));
  ASSERT_TRUE(run_until([&] {
    const auto& events = listener_.events;
    return events.size() >= 3 && events[events.size() - 2].starts_with("lost ") &&
           events.back() == "sessions";
  }));
  EXPECT_EQ(listener_.count("lost "), 1u);
  EXPECT_EQ(listener_.pictures.size(), 2u);
  EXPECT_EQ(listener_.pictures.front(), picture());  // the same session, read anew
  EXPECT_TRUE(contains(shell_output("testenv-logind calls"), "ListSessions"));  // the new logind
}

TEST_F(LogindSessionsTest, AHungLogindDoesNotBlock) {
  FrozenLogind frozen(logind_pid());
  ASSERT_TRUE(frozen.frozen());
  sessions_.emplace(system_bus_, clock_, listener_);
  const auto asked = std::chrono::steady_clock::now();
  ASSERT_TRUE(sessions_->start());
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 1s);  // a few AddMatch, no logind call
  // The loop keeps running while logind says nothing.
  bool ran = false;
  boost::asio::post(io_, [&] { ran = true; });
  ASSERT_TRUE(run_until([&] { return ran; }));
  EXPECT_TRUE(listener_.pictures.empty());
  EXPECT_EQ(sessions_->describe(), "logind: reading the sessions");

  frozen.resume();
  ASSERT_TRUE(run_until([&] { return !listener_.pictures.empty(); }));
  EXPECT_NE(find(picture(), "c1"), nullptr);
  EXPECT_EQ(listener_.count("lost "), 0u);
}

}  // namespace
}  // namespace screentime::adapters
