// LibnotifyNotifier, the real thing, in an io_context against the real dunst of a private
// desktop session (with-desktop-session): what reached the server is read from the session's
// recorder (testenv-notifications list / wait-for), the user's clicks are dunst's own
// (invoke-action, dismiss-all). Every case uses its own texts, so none depends on the one
// before. NotifierWithoutBus runs with no session bus at all (see notifier.cmake).

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "daemon/adapters/notify/console_notifier.hpp"
#include "daemon/adapters/notify/libnotify_notifier.hpp"
#include "tests/integration/command_runner.hpp"

namespace screentime::adapters {
namespace {

using screentime::testing::run_shell;
using screentime::testing::shell_output;

using namespace std::chrono_literals;
using nlohmann::json;

class RecordingListener final : public core::NotifierListener {
 public:
  void on_action(std::string_view key) override { record("action " + std::string(key)); }
  void on_dismissed() override { record("dismissed"); }
  void on_server_changed(bool available) override {
    record(available ? "server up" : "server down");
  }
  bool saw(std::string_view event) const {
    for (const auto& seen : events) {
      if (seen == event) return true;
    }
    return false;
  }

  std::vector<std::string> events;
  std::vector<std::thread::id> threads;  // where each event arrived

 private:
  void record(std::string event) {
    events.push_back(std::move(event));
    threads.push_back(std::this_thread::get_id());
  }
};

core::Notification break_notification(const std::string& summary, const std::string& body) {
  core::Notification n;
  n.summary = summary;
  n.body = body;
  n.actions = {{"take", "Take it"}, {"snooze", "Snooze 5 min"}, {"skip", "Skip"}};
  n.urgency = core::NotificationUrgency::critical;
  n.category = "x-screentime.break";
  return n;
}

// Where the stand-in browser writes the links it was asked to open.
std::filesystem::path opened_links() {
  const char* dir = std::getenv("SCREENTIME_TESTENV_DIR");
  return std::filesystem::path(dir != nullptr ? dir : ".") / "opened-links";
}

// Makes a stand-in browser the session's default https handler (what GIO asks), before
// anything in the process reads the XDG directories.
void install_test_browser() {
  const auto home = opened_links().parent_path() / "xdg";
  std::filesystem::create_directories(home / "data/applications");
  std::filesystem::create_directories(home / "config");
  const auto browser = home / "open-link";
  std::ofstream(browser) << "#!/bin/sh\necho \"$1\" >>'" << opened_links().string() << "'\n";
  std::filesystem::permissions(browser, std::filesystem::perms::owner_all);
  std::ofstream(home / "data/applications/test-browser.desktop")
      << "[Desktop Entry]\nType=Application\nName=Test browser\nExec=" << browser.string()
      << " %u\nMimeType=x-scheme-handler/https;\nNoDisplay=true\n";
  std::ofstream(home / "config/mimeapps.list")
      << "[Default Applications]\nx-scheme-handler/https=test-browser.desktop\n";
  setenv("XDG_DATA_HOME", (home / "data").c_str(), 1);
  setenv("XDG_CONFIG_HOME", (home / "config").c_str(), 1);
}

class NotifierTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { install_test_browser(); }

  void SetUp() override {
    // Before any thread logs: the GLib thread's lines land here too.
    log_ = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(200);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>(
        "test", spdlog::sinks_init_list{std::make_shared<spdlog::sinks::stderr_sink_mt>(), log_}));
  }
  void TearDown() override {
    notifier_.reset();  // before the logger and the listener
    spdlog::set_default_logger(std::make_shared<spdlog::logger>(
        "default", std::make_shared<spdlog::sinks::stderr_sink_mt>()));
  }

  LibnotifyNotifier& start() {
    notifier_ = std::make_unique<LibnotifyNotifier>(io_, listener_);
    return *notifier_;
  }

  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = 5s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= until) return false;
      io_.run_one_for(50ms);
    }
    return true;
  }

  // The recorder's notification whose summary or body contains `text`; null on timeout.
  static json wait_for(const std::string& text) {
    const auto result =
        screentime::testing::run_command({"testenv-notifications", "wait-for", text, "5"});
    return result.exit_status == 0 ? json::parse(result.out) : json();
  }
  static json all_notifications() {
    return json::parse(shell_output("testenv-notifications list"));
  }

  std::size_t log_count(std::string_view text) const {
    std::size_t n = 0;
    for (const auto& line : log_->last_formatted()) n += line.find(text) != std::string::npos;
    return n;
  }

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{
      io_.get_executor()};
  RecordingListener listener_;
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> log_;
  std::unique_ptr<LibnotifyNotifier> notifier_;
};

TEST_F(NotifierTest, ShowsOnceThenReplacesInPlaceAndReportsActionsOnTheLoopThread) {
  auto& notifier = start();
  ASSERT_TRUE(run_until([&] { return !listener_.events.empty(); }));
  EXPECT_EQ(listener_.events.front(), "server up");
  EXPECT_EQ(notifier.describe(), "libnotify (dunst 1.9.0; actions, body-hyperlinks)");
  EXPECT_TRUE(notifier.has_actions());

  notifier.show(break_notification("Eye break A", "Look away for 20 s"));
  const json first = wait_for("Eye break A");
  ASSERT_FALSE(first.is_null());
  EXPECT_EQ(first["summary"], "Eye break A");
  EXPECT_EQ(first["body"], "Look away for 20 s");
  EXPECT_EQ(first["actions"],
            json({{"take", "Take it"}, {"snooze", "Snooze 5 min"}, {"skip", "Skip"}}));
  EXPECT_EQ(first["hints"]["urgency"], 2);
  EXPECT_EQ(first["hints"]["category"], "x-screentime.break");
  EXPECT_EQ(first["expire_timeout"], 0);  // never expires: a resident reminder
  EXPECT_EQ(first["app_icon"], "file://" SCREENTIME_SOURCE_ICON);

  notifier.show(break_notification("Eye break B", "Now: 20 s"));
  const json second = wait_for("Eye break B");
  ASSERT_FALSE(second.is_null());
  EXPECT_EQ(second["id"], first["id"]);
  EXPECT_EQ(second["replaces_id"], first["id"]);
  EXPECT_EQ(second["updates"], 1);
  std::size_t ours = 0;
  for (const auto& record : all_notifications()) {
    ours += record["summary"].get<std::string>().starts_with("Eye break");
  }
  EXPECT_EQ(ours, 1u) << all_notifications().dump(2);  // replaced, not stacked

  const std::string id = std::to_string(second["id"].get<int>());
  ASSERT_TRUE(run_shell("testenv-notifications invoke-action " + id + " snooze"));
  ASSERT_TRUE(run_until([&] { return listener_.saw("action snooze"); }));
  for (const auto& thread : listener_.threads) EXPECT_EQ(thread, std::this_thread::get_id());
  EXPECT_FALSE(listener_.saw("dismissed"));
}

TEST_F(NotifierTest, OpenResourceOpensTheLinkWithTheDefaultHandlerAndIsReported) {
  start();
  auto n = break_notification("Exercise I", "Try the neck stretch");
  n.actions.push_back({"open-resource", "Show me how"});
  n.link = "https://example.org/neck-stretch";
  notifier_->show(n);
  const json shown = wait_for("Exercise I");
  ASSERT_FALSE(shown.is_null());
  const std::string id = std::to_string(shown["id"].get<int>());
  ASSERT_TRUE(run_shell("testenv-notifications invoke-action " + id + " open-resource"));
  ASSERT_TRUE(run_until([&] { return listener_.saw("action open-resource"); }));
  std::string opened;
  ASSERT_TRUE(run_until([&] {  // the browser runs on its own time: read its file
    std::ifstream(opened_links()) >> opened;
    return !opened.empty();
  }));
  EXPECT_EQ(opened, "https://example.org/neck-stretch");
}

TEST_F(NotifierTest, UserDismissalIsReported) {
  start();
  notifier_->show(break_notification("Stretch C", "Stand up for a minute"));
  ASSERT_FALSE(wait_for("Stretch C").is_null());
  ASSERT_TRUE(run_shell("testenv-notifications dismiss-all"));
  ASSERT_TRUE(run_until([&] { return listener_.saw("dismissed"); }));
  EXPECT_EQ(listener_.events, (std::vector<std::string>{"server up", "dismissed"}));
}

TEST_F(NotifierTest, DestructionClosesTheVisibleOne) {
  start();
  notifier_->show(break_notification("Limit D", "10 minutes left today"));
  const json shown = wait_for("Limit D");
  ASSERT_FALSE(shown.is_null());
  notifier_.reset();
  bool closed = false;
  for (int i = 0; i < 100 && !closed; ++i) {  // the recorder writes it a moment later
    for (const auto& record : all_notifications()) {
      closed = closed || (record["id"] == shown["id"] && record["close_requested"] == true);
    }
    if (!closed) std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(closed);
}

TEST_F(NotifierTest, WithoutServerShowLogsOnceAndTheLatestAppearsWhenItIsBack) {
  start();
  ASSERT_TRUE(run_until([&] { return listener_.saw("server up"); }));
  ASSERT_TRUE(run_shell("testenv-notifications stop-server"));
  ASSERT_TRUE(run_until([&] { return listener_.saw("server down"); }));
  EXPECT_NE(notifier_->describe().find("no notification server"), std::string::npos);
  EXPECT_FALSE(notifier_->has_actions());

  notifier_->show(break_notification("Forgotten E", "closed before the server is back"));
  notifier_->close();  // no longer wanted: must not appear later
  notifier_->show(break_notification("Pending F", "shown once the server is back"));
  ASSERT_TRUE(run_until([&] { return log_count("Pending F") > 0; }));

  ASSERT_TRUE(run_shell("testenv-notifications start-server"));
  ASSERT_TRUE(run_until([&] { return listener_.events.back() == "server up"; }));
  const json pending = wait_for("Pending F");
  ASSERT_FALSE(pending.is_null());
  EXPECT_EQ(pending["server"], 2);
  EXPECT_EQ(log_count("Pending F"), 1u);
  for (const auto& record : all_notifications()) EXPECT_NE(record["summary"], "Forgotten E");
  EXPECT_EQ(listener_.events, (std::vector<std::string>{"server up", "server down", "server up"}));
}

TEST(NotifierWithoutBus, ConstructsLogsAndSaysSo) {
  boost::asio::io_context io;
  const auto work = boost::asio::make_work_guard(io);
  RecordingListener listener;
  LibnotifyNotifier notifier(io, listener);
  notifier.show(break_notification("No bus G", "logged"));
  const auto until = std::chrono::steady_clock::now() + 5s;
  while (listener.events.empty() && std::chrono::steady_clock::now() < until) {
    io.run_one_for(50ms);
  }
  EXPECT_EQ(listener.events, std::vector<std::string>{"server down"});
  EXPECT_NE(notifier.describe().find("no session bus"), std::string::npos);
  EXPECT_FALSE(notifier.has_actions());
}

TEST(ConsoleNotifier, LogsAndHasNoActions) {
  ConsoleNotifier notifier;
  notifier.show(break_notification("Console H", "logged"));
  notifier.close();
  EXPECT_EQ(notifier.describe(), "console");
  EXPECT_FALSE(notifier.has_actions());
}

}  // namespace
}  // namespace screentime::adapters
