// The real screentimed choosing its activity sources in the private desktop session: X11
// input idle with IDLETIME-exact idle starts, idle inhibitors and their cap.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/integration/command_runner.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/integration/state_stream.hpp"
#include "tests/integration/temp_dir.hpp"

namespace screentime::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;

std::int64_t wall_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class Activity : public ::testing::Test {
 protected:
  void TearDown() override {
    if (daemon) {
      daemon->signal(SIGTERM);
      EXPECT_EQ(daemon->wait_exit(), 0) << daemon->log();
    }
  }

  void start_daemon(const std::string& activity_config) {
    const fs::path config = dir / "config.toml";
    std::ofstream(config) << "[activity]\n" << activity_config;
    daemon = std::make_unique<DaemonProcess>(std::vector<std::string>{
        SCREENTIMED, "--config", config.string(), "--database", (dir / "history.db").string(),
        "--socket", socket().string(), "-v"});
    ASSERT_TRUE(daemon->wait_for_log("started")) << daemon->log();
  }

  fs::path socket() const { return dir / "control.sock"; }

  json ctl_json(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {SCREENTIMECTL, "--socket", socket().string()});
    const auto result = run_command(arguments);
    EXPECT_EQ(result.exit_status, 0) << result.err;
    return json::parse(result.out, nullptr, false);
  }

  static std::string helper(const std::string& command) {
    const auto result = run_command({"sh", "-c", command});
    EXPECT_EQ(result.exit_status, 0) << command << ": " << result.err;
    return result.out;
  }

  TempDir dir{"screentime-activity"};
  std::unique_ptr<DaemonProcess> daemon;
};

TEST_F(Activity, AutoChoosesX11AndSaysItsPrecision) {
  start_daemon("idle_threshold = \"2s\"\n");
  EXPECT_NE(daemon->log().find("activity source: X11"), std::string::npos) << daemon->log();
  const auto status = ctl_json({"status", "--json"});
  EXPECT_EQ(status["activity"]["input"], "x11");
  EXPECT_EQ(status["activity"]["precision_ms"], 0);
}

TEST_F(Activity, IdleStartsAtTheLastInputAsIdletimeSaysIt) {
  start_daemon("idle_threshold = \"2s\"\n");
  StateStream states(socket());
  // Three seconds of input...
  for (int i = 0; i < 15; ++i) {
    helper("testenv-input move " + std::to_string(100 + i) + " 100");
    std::this_thread::sleep_for(200ms);
  }
  // ...then none past the threshold.
  ASSERT_FALSE(states.wait_for_state("idle").is_null()) << daemon->log();
  const std::int64_t idletime_ms = std::stoll(helper("testenv-input xsync-idle-ms"));
  const std::int64_t last_input_ms = wall_ms_now() - idletime_ms;
  helper("testenv-input move 300 300");
  ASSERT_FALSE(states.wait_for_state("active").is_null()) << daemon->log();

  const auto usage = ctl_json({"export", "--json"});
  const auto idle = std::find_if(usage.begin(), usage.end(),
                                 [](const json& interval) { return interval["state"] == "idle"; });
  ASSERT_NE(idle, usage.end()) << usage.dump();
  EXPECT_EQ((*idle)["source"], "x11");
  EXPECT_NEAR((*idle)["start_ms"].get<double>(), static_cast<double>(last_input_ms), 250.0)
      << usage.dump();
}

TEST_F(Activity, AnIdleInhibitorHoldsActiveAndIsRecordedThenTheCapEndsIt) {
  start_daemon("idle_threshold = \"2s\"\ninhibitor_cap = \"4s\"\n");
  StateStream states(socket());
  helper("testenv-input move 10 10");
  const std::string id = helper("testenv-logind inhibit idle mpv 'Playing video' block");
  // Held: no idle at the threshold, the inhibitor is the detail...
  const auto held = states.wait_for_state("active", 5s);
  ASSERT_FALSE(held.is_null()) << daemon->log();
  EXPECT_NE(held.value("detail", "").find("inhibitor: mpv"), std::string::npos) << held.dump();
  // ...until the cap, counted from the last input.
  const auto capped = states.wait_for_state("idle", 10s);
  ASSERT_FALSE(capped.is_null()) << daemon->log();
  EXPECT_NE(capped.value("detail", "").find("past the cap"), std::string::npos) << capped.dump();
  helper("testenv-logind uninhibit " + id.substr(0, id.find_last_not_of("\n") + 1));
}

// Lock, stay locked past the idle threshold, unlock with no input first (fingerprint, face,
// `loginctl unlock-session`): the X idle counter still dates idle back to the last input
// before the lock, but idle starts at the unlock and the locked time is kept whole.
TEST_F(Activity, AnUnlockWithoutInputKeepsTheLockedTimeAndIdleStartsAtTheUnlock) {
  start_daemon("idle_threshold = \"2s\"\n");
  StateStream states(socket());
  helper("testenv-input move 40 40");
  // Signals only, as `loginctl lock-session` and `unlock-session` send them.
  helper("testenv-logind lock --signal-only");
  ASSERT_FALSE(states.wait_for_state("locked").is_null()) << daemon->log();
  // Past the threshold under the locker: wait on the X server's own idle counter.
  while (std::stoll(helper("testenv-input xsync-idle-ms")) < 3000) {
    std::this_thread::sleep_for(100ms);
  }
  helper("testenv-logind unlock --signal-only");
  const auto idle = states.wait_for_state("idle");
  ASSERT_FALSE(idle.is_null()) << daemon->log();
  helper("testenv-input move 50 50");
  ASSERT_FALSE(states.wait_for_state("active").is_null()) << daemon->log();

  const auto usage = ctl_json({"export", "--json"});
  const auto is = [](const char* state) {
    return [state](const json& interval) { return interval["state"] == state; };
  };
  const auto locked = std::find_if(usage.begin(), usage.end(), is("locked"));
  ASSERT_NE(locked, usage.end()) << "the locked time was dropped: " << usage.dump();
  const auto idle_interval = std::find_if(locked, usage.end(), is("idle"));
  ASSERT_NE(idle_interval, usage.end()) << usage.dump();
  // Locked from the lock to the unlock: about 3 s (the X idle counter started a moment
  // before the lock). Before the fix the interval was gone or clamped to nothing.
  EXPECT_GE((*locked)["duration_ms"].get<std::int64_t>(), 2500) << usage.dump();
  // An interval is its wall-clock start plus a length on the boot clock, and the two clocks
  // are read one after the other and run at slightly different rates while NTP slews: the
  // next interval's wall start can fall a millisecond either side of the last one's end.
  // Idle dated back to the input before the lock would start seconds earlier.
  constexpr std::int64_t clock_rate_slack_ms = 50;
  EXPECT_GE((*idle_interval)["start_ms"].get<std::int64_t>(),
            (*locked)["end_ms"].get<std::int64_t>() - clock_rate_slack_ms)
      << usage.dump();
}

TEST_F(Activity, LogindAloneFollowsIdleHint) {
  start_daemon("source = \"logind\"\n");
  StateStream states(socket());
  helper("testenv-logind idle-hint true");
  const auto idle = states.wait_for_state("idle");
  ASSERT_FALSE(idle.is_null()) << daemon->log();
  EXPECT_EQ(idle["source"], "logind");
  helper("testenv-logind idle-hint false");
  EXPECT_FALSE(states.wait_for_state("active").is_null());
}

}  // namespace
}  // namespace screentime::testing
