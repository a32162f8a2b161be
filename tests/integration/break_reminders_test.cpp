// Take-a-break reminders end to end: the real screentimed with short breaks in a private
// desktop session (Xvfb for input and idle, dunst as the notification server). Reminders
// are read from the server's recorder and answered through dunst itself, as a user would.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "daemon/adapters/store/sqlite_store.hpp"
#include "tests/integration/command_runner.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/integration/temp_dir.hpp"

extern char** environ;

namespace screentime::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr auto kEyeSummary = "Time for an eye break";

// Someone at the keyboard: input every 400 ms while it lives (the eye break here is 2 s).
class Typist {
 public:
  Typist() : thread_([this] { type(); }) {}
  ~Typist() {
    running_ = false;
    thread_.join();
  }

 private:
  void type() {
    for (int x = 10; running_; x = x % 600 + 10) {
      run_shell("testenv-input move " + std::to_string(x) + " 300");
      std::this_thread::sleep_for(400ms);
    }
  }
  std::atomic<bool> running_{true};
  std::thread thread_;
};

json notifications() { return json::parse(shell_output("testenv-notifications list")); }

// The newest notification whose summary contains `text` and which is still open.
json open_notification(const std::string& text) {
  json found;
  for (const auto& n : notifications()) {
    if (n["summary"].get<std::string>().find(text) != std::string::npos &&
        n["closed_reason"].is_null() && !n["close_requested"].get<bool>()) {
      found = n;
    }
  }
  return found;
}

json wait_for_open(const std::string& text, std::chrono::seconds timeout,
                   std::optional<int> other_than = std::nullopt) {
  const auto end = Clock::now() + timeout;
  while (Clock::now() < end) {
    auto n = open_notification(text);
    if (!n.is_null() && (!other_than || n["id"].get<int>() != *other_than)) return n;
    std::this_thread::sleep_for(100ms);
  }
  return nullptr;
}

std::string swedish(const std::string& msgid) {
  std::ifstream po(SCREENTIME_SOURCE_DIR "/po/sv.po");
  std::string line;
  const std::string wanted = "msgid \"" + msgid + "\"";
  while (std::getline(po, line)) {
    if (line != wanted) continue;
    std::getline(po, line);
    const auto open = line.find('"');
    return line.substr(open + 1, line.rfind('"') - open - 1);
  }
  return {};
}

class BreakReminders : public ::testing::Test {
 protected:
  void SetUp() override { run_shell("testenv-notifications dismiss-all"); }
  void TearDown() override { daemon.reset(); }

  void start_daemon(const std::string& breaks, std::map<std::string, std::string> extra_env = {}) {
    const auto config = dir / "config.toml";
    std::ofstream(config) << "[breaks]\nsnooze = \"5s\"\nmin_gap = \"1s\"\n"
                          << "[breaks.movement]\nenabled = false\n"
                          << breaks;
    std::map<std::string, std::string> environment;
    for (char** each = environ; *each; ++each) {
      const std::string entry = *each;
      const auto equals = entry.find('=');
      environment[entry.substr(0, equals)] = entry.substr(equals + 1);
    }
    for (auto& [key, value] : extra_env) environment[key] = value;
    daemon = std::make_unique<DaemonProcess>(
        std::vector<std::string>{SCREENTIMED, "-v", "--config", config.string(), "--database",
                                 (dir / "history.db").string(), "--socket",
                                 (dir / "control.sock").string()},
        environment);
    ASSERT_TRUE(daemon->wait_for_log("notification server")) << daemon->log();
  }

  CommandResult ctl(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(),
                     {SCREENTIMECTL, "--socket", (dir / "control.sock").string()});
    return run_command(arguments);
  }

  json today_breaks() {
    const auto result = ctl({"breaks", "--json"});
    EXPECT_EQ(result.exit_status, 0) << result.err;
    return json::parse(result.out)["days"].back();
  }

  // The daemon's breaks state once `done` holds for it (answers from the notification server
  // arrive asynchronously); the last one seen after 5 s.
  json wait_for_breaks(const std::function<bool(const json&)>& done) {
    json breaks = status_breaks();
    for (int i = 0; i < 100 && !done(breaks); ++i) {
      std::this_thread::sleep_for(50ms);
      breaks = status_breaks();
    }
    return breaks;
  }

  json status_breaks() {
    const auto result = ctl({"status", "--json"});
    EXPECT_EQ(result.exit_status, 0) << result.err;
    return json::parse(result.out)["breaks"];
  }

  TempDir dir{"screentime-breaks"};
  std::unique_ptr<DaemonProcess> daemon;
};

TEST_F(BreakReminders, AppearsWithItsActionsAndSnoozeBringsItBack) {
  start_daemon("[breaks.eye]\nevery = \"4s\"\nlength = \"2s\"\n");
  Typist typist;
  const auto first = wait_for_open(kEyeSummary, 20s);
  ASSERT_FALSE(first.is_null()) << daemon->log();
  const auto& actions = first["actions"];
  EXPECT_TRUE(actions.contains("take")) << first.dump();
  EXPECT_TRUE(actions.contains("snooze"));
  EXPECT_TRUE(actions.contains("skip"));
  EXPECT_TRUE(actions.contains("open-resource"));
  EXPECT_NE(first["body"].get<std::string>().find("https://"), std::string::npos);

  ASSERT_TRUE(run_shell("testenv-notifications invoke-action " +
                        std::to_string(first["id"].get<int>()) + " snooze"));
  // Gone, and due again after 5 s more of use, not at once.
  const auto snoozed =
      wait_for_breaks([](const json& breaks) { return breaks["visible"].is_null(); });
  EXPECT_TRUE(snoozed["visible"].is_null()) << snoozed.dump();
  EXPECT_EQ(snoozed["timers"][0]["snoozes"], 1) << snoozed.dump();
  EXPECT_GE(snoozed["timers"][0]["due_in_seconds"].get<int>(), 4) << snoozed.dump();
  const auto again = wait_for_open(kEyeSummary, 20s, first["id"].get<int>());
  ASSERT_FALSE(again.is_null()) << daemon->log();

  const auto eye = today_breaks()["eye"];
  EXPECT_EQ(eye["due"], 1) << eye.dump();
  EXPECT_EQ(eye["shown"], 2);
  EXPECT_EQ(eye["snoozed"], 1);
}

// History with use in the last two weeks and none in this one: 2 h on last week's Wednesday
// and 3 h on the Wednesday before, at 10:00 local time.
void seed_last_two_weeks(const fs::path& database) {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const time_t now_t = system_clock::to_time_t(now);
  tm local{};
  localtime_r(&now_t, &local);
  const seconds offset{local.tm_gmtoff};
  // The day as the daemon attributes it: it starts at 04:00.
  const sys_days today = floor<days>(now + offset - 4h);
  const sys_days monday = today - days{(weekday{today}.c_encoding() + 6) % 7};
  adapters::SqliteStore store(database);
  for (const auto& [wednesday, length] :
       {std::pair{monday - days{5}, hours{2}}, std::pair{monday - days{12}, hours{3}}}) {
    core::Interval interval;
    interval.state = core::ActivityState::active;
    interval.start = time_point_cast<milliseconds>(wednesday + 10h - offset);
    interval.duration = length;
    interval.utc_offset = offset;
    interval.source = "x11";
    store.append(getuid(), interval);
  }
  store.flush();
}

TEST_F(BreakReminders, AWeeklySummaryAtTheWeeksFirstUseOpensLastWeeksReport) {
  seed_last_two_weeks(dir / "history.db");
  start_daemon("[breaks.eye]\nenabled = false\n[report]\nweekly_notice = true\n");
  Typist typist;
  const auto summary = wait_for_open("Your week", 20s);
  ASSERT_FALSE(summary.is_null()) << daemon->log();
  EXPECT_NE(summary["summary"].get<std::string>().find("2 hours"), std::string::npos)
      << summary.dump();
  EXPECT_NE(summary["body"].get<std::string>().find("1 hour less than the week before"),
            std::string::npos)
      << summary.dump();
  ASSERT_TRUE(summary["actions"].contains("open-report")) << summary.dump();
  const fs::path report = dir / "last-week.png";
  EXPECT_FALSE(fs::exists(report));
  ASSERT_TRUE(run_shell("testenv-notifications invoke-action " +
                        std::to_string(summary["id"].get<int>()) + " open-report"));
  // screentimectl draws the report for the daemon; the file appears whole (renamed into place).
  const auto end = Clock::now() + 30s;
  while (!fs::exists(report) && Clock::now() < end) std::this_thread::sleep_for(100ms);
  ASSERT_TRUE(fs::exists(report)) << daemon->log();
  std::ifstream png(report, std::ios::binary);
  std::string magic(4, '\0');
  png.read(magic.data(), 4);
  EXPECT_EQ(magic.substr(1), "PNG");
}

TEST_F(BreakReminders, SkipAndTakeAreRecorded) {
  start_daemon("[breaks.eye]\nevery = \"4s\"\nlength = \"2s\"\n");
  std::optional<Typist> typist;
  typist.emplace();
  const auto first = wait_for_open(kEyeSummary, 20s);
  ASSERT_FALSE(first.is_null()) << daemon->log();
  const auto skip = ctl({"break", "skip"});
  EXPECT_EQ(skip.exit_status, 0) << skip.out << skip.err;

  const auto second = wait_for_open(kEyeSummary, 20s, first["id"].get<int>());
  ASSERT_FALSE(second.is_null()) << daemon->log();
  ASSERT_TRUE(run_shell("testenv-notifications invoke-action " +
                        std::to_string(second["id"].get<int>()) + " take"));
  EXPECT_EQ(status_breaks()["visible"]["phase"], "taking");
  typist.reset();  // away from the keyboard for longer than the 2 s break
  std::this_thread::sleep_for(3500ms);
  run_shell("testenv-input move 5 5");
  std::this_thread::sleep_for(500ms);

  const auto eye = today_breaks()["eye"];
  EXPECT_EQ(eye["skipped"], 1) << eye.dump() << daemon->log();
  EXPECT_EQ(eye["taken"], 1);
  EXPECT_EQ(eye["natural"], 0);
  // A refused answer says why and fails.
  const auto nothing = ctl({"break", "snooze"});
  EXPECT_EQ(nothing.exit_status, 1);
}

TEST_F(BreakReminders, BeingAwayForTheBreaksLengthIsTheBreak) {
  start_daemon("[breaks.eye]\nevery = \"6s\"\nlength = \"2s\"\n");
  {
    Typist typist;
    std::this_thread::sleep_for(3s);
  }
  std::this_thread::sleep_for(3500ms);  // away: a natural eye break
  {
    Typist typist;
    std::this_thread::sleep_for(4s);  // 3 s + 4 s of use would have made it due without it
    EXPECT_TRUE(open_notification(kEyeSummary).is_null()) << notifications().dump();
    const auto eye = status_breaks()["timers"][0];
    EXPECT_LT(eye["worked_seconds"].get<int>(), 6) << eye.dump();
    EXPECT_FALSE(wait_for_open(kEyeSummary, 10s).is_null()) << daemon->log();
  }
}

// A status bar's watcher subscribes once and sends nothing more: it counts the next break down
// by itself while the user works, and hears of the natural break the moment the daemon sees
// it, so its countdown starts again from the full 20 s.
TEST_F(BreakReminders, AWaybarWatcherSeesTheCountdownStartAgainAfterABreak) {
  start_daemon("[breaks.eye]\nevery = \"20s\"\nlength = \"2s\"\n");
  // The watcher's lines on the pipe DaemonProcess reads.
  DaemonProcess watcher({"/bin/sh", "-c", "exec \"$0\" --socket \"$1\" watch --format waybar 1>&2",
                         SCREENTIMECTL, (dir / "control.sock").string()});
  {
    Typist typist;
    ASSERT_TRUE(watcher.wait_for_log("break in 16s", 20s)) << watcher.log() << daemon->log();
    ASSERT_TRUE(watcher.wait_for_log("break in 14s", 10s)) << watcher.log();
  }
  std::this_thread::sleep_for(3500ms);  // away: a natural eye break
  Typist typist;
  // 19 s, not 20: the watcher's first line after the break may come a moment after it, and
  // counts down whole seconds. Before the break the count was at 14 s or below.
  ASSERT_TRUE(watcher.wait_for_log("break in 19s", 10s)) << watcher.log() << daemon->log();
  ASSERT_TRUE(watcher.wait_for_log("break in 17s", 10s)) << watcher.log();
  const auto line = json::parse(watcher.log().substr(watcher.log().rfind('{')));
  EXPECT_EQ(line["class"], "active") << line.dump();
  EXPECT_NE(line["tooltip"].get<std::string>().find("Next break in"), std::string::npos);
}

TEST_F(BreakReminders, TimersGoOnAfterARestart) {
  const std::string breaks = "[breaks.eye]\nevery = \"6s\"\nlength = \"3s\"\n";
  start_daemon(breaks);
  {
    Typist typist;
    std::this_thread::sleep_for(3s);
    daemon->signal(SIGTERM);
    ASSERT_EQ(daemon->wait_exit(), 0) << daemon->log();
    // Started again at once, on the same database: well within the 3 s break, so the
    // 3 s worked before go on counting instead of starting from zero.
    start_daemon(breaks);
    EXPECT_NE(daemon->log().find("break timers restored"), std::string::npos) << daemon->log();
    const auto eye = status_breaks()["timers"][0];
    EXPECT_GE(eye["worked_seconds"].get<int>(), 2) << eye.dump() << daemon->log();
    ASSERT_FALSE(wait_for_open(kEyeSummary, 10s).is_null()) << daemon->log();
  }
}

TEST_F(BreakReminders, HeldBackWhileTheServerIsInDoNotDisturb) {
  start_daemon("[breaks.eye]\nevery = \"3s\"\nlength = \"2s\"\n");
  ASSERT_TRUE(run_shell("dunstctl set-paused true"));
  Typist typist;
  std::this_thread::sleep_for(5s);
  EXPECT_TRUE(open_notification(kEyeSummary).is_null());
  const auto holds = status_breaks()["holds"];
  EXPECT_NE(std::find(holds.begin(), holds.end(), "do-not-disturb"), holds.end()) << holds.dump();
  ASSERT_TRUE(run_shell("dunstctl set-paused false"));
  EXPECT_FALSE(wait_for_open(kEyeSummary, 10s).is_null()) << daemon->log();
}

TEST_F(BreakReminders, SpeaksSwedishInASwedishLocale) {
  const auto locales = dir / "locales";
  fs::create_directories(locales);
  // localedef exits 1 when it only warned; the locale is written all the same.
  run_command({"localedef", "-i", "sv_SE", "-f", "UTF-8", (locales / "sv_SE.UTF-8").string()});
  ASSERT_TRUE(fs::exists(locales / "sv_SE.UTF-8" / "LC_MESSAGES")) << "localedef failed";
  const auto summary = swedish(kEyeSummary);
  ASSERT_FALSE(summary.empty()) << "no Swedish translation of \"" << kEyeSummary << "\"";
  start_daemon("[breaks.eye]\nevery = \"3s\"\nlength = \"2s\"\n",
               {{"LANGUAGE", "sv"},
                {"LANG", "sv_SE.UTF-8"},
                {"LC_ALL", "sv_SE.UTF-8"},
                {"LOCPATH", locales.string()},
                {"SCREENTIME_LOCALEDIR", SCREENTIME_BUILD_LOCALEDIR}});
  Typist typist;
  const auto shown = wait_for_open(summary, 20s);
  ASSERT_FALSE(shown.is_null()) << notifications().dump() << ctl({"status", "--json"}).out
                                << shell_output("testenv-input idle-ms") << daemon->log();
  EXPECT_EQ(shown["actions"]["skip"], swedish("Skip"));
}

}  // namespace
}  // namespace screentime::testing
