// InputSourceKeeper with fake sources and a scripted appearance: which candidate it picks,
// when it switches to one that appears, how long a lost source may take to come back, and
// that a source on trial speaks to the daemon only once it is the one in use. A real
// io_context carries the work the keeper posts; poll() drains it, so nothing waits on time.

#include "daemon/app/input_source_keeper.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "daemon/core/fake_clock.hpp"
#include "tests/unit/core_test_support.hpp"

namespace screentime::app {
namespace {

using namespace std::chrono_literals;
using core::testing::utc;
using Names = std::vector<std::string>;

// How a fake source's start goes: it works, it fails, or its service answers later, when the
// test says (answer(), or time_out_first() as its call's timeout would).
enum class Start { kWorks, kFails, kLater };

class FakeMaker;

// An input idle source that reports only what the test makes it report.
class FakeSource final : public core::IdleSource {
 public:
  FakeSource(FakeMaker& maker, std::string name, Start start, core::IdleObserver& observer)
      : maker_(maker), name_(std::move(name)), start_(start), observer_(observer) {}
  ~FakeSource() override;

  bool start(std::span<const core::Duration>) override { return start_ == Start::kWorks; }
  void set_thresholds(std::span<const core::Duration>) override {}
  std::string name() const override { return name_; }
  std::string describe() const override { return "fake " + name_; }
  core::Duration precision() const override { return 0s; }

  core::IdleObserver& observer() { return observer_; }

 private:
  FakeMaker& maker_;
  std::string name_;
  Start start_;
  core::IdleObserver& observer_;
};

// Makes fake sources whose start goes as `starts` says at the time; keeps the starts that
// answer later until answer().
class FakeMaker final : public InputSourceMaker {
 public:
  std::map<std::string, Start> starts;  // unknown names make no source
  Names made;                           // every source made, in order

  MadeInputSource make(const std::string& name, core::IdleObserver& observer,
                       const std::function<void(bool)>&, const std::function<void()>&) override {
    const auto found = starts.find(name);
    if (found == starts.end()) return {};
    made.push_back(name);
    auto source = std::make_unique<FakeSource>(*this, name, found->second, observer);
    alive_[name] = source.get();
    const Start start = found->second;
    return {std::move(source),
            [this, name, start](std::span<const core::Duration>, MadeInputSource::Started started) {
              if (start == Start::kLater) {
                pending_[name] = std::move(started);
              } else {
                started(start == Start::kWorks);
              }
            }};
  }

  // The source of that name that exists now, or nullptr.
  FakeSource* alive(const std::string& name) const {
    const auto found = alive_.find(name);
    return found == alive_.end() ? nullptr : found->second;
  }
  void gone(const FakeSource* source) {
    const auto found = alive_.find(source->name());
    if (found != alive_.end() && found->second == source) alive_.erase(found);
  }
  // Whether a start waits for its service's answer.
  bool waiting() const { return !pending_.empty(); }
  // The first start still waiting is given up on, as its call's timeout would.
  void time_out_first() { answer(pending_.begin()->first, false); }
  // The service of the source on trial answers its start.
  void answer(const std::string& name, bool works) {
    auto started = std::move(pending_.at(name));
    pending_.erase(name);
    started(works);
  }

 private:
  std::map<std::string, FakeSource*> alive_;
  std::map<std::string, MadeInputSource::Started> pending_;
};

FakeSource::~FakeSource() { maker_.gone(this); }

// Whether each candidate's sign is there, as the test says.
class FakeAppearance final : public SourceAppearance {
 public:
  Names watched;

  void watch(const std::vector<std::string>& sources, Handler on_change) override {
    watched = sources;
    on_change_ = std::move(on_change);
  }
  bool present(const std::string& source) const override { return !absent_.contains(source); }
  std::string sign_text(const std::string& source) const override { return source + "'s sign"; }

  void appear(const std::string& source) {
    absent_.erase(source);
    on_change_(source, true);
  }
  void go(const std::string& source) {
    absent_.insert(source);
    on_change_(source, false);
  }

 private:
  Handler on_change_;
  std::set<std::string> absent_;
};

// What reached the daemon, in order: reports, and changes of the source in use.
class Recorder final : public core::IdleObserver {
 public:
  Names events;

  void on_idle(core::Duration threshold, const core::Instant&) override {
    events.push_back("idle " + std::to_string(threshold.count()));
  }
  void on_input(const core::Instant&) override { events.push_back("input"); }
  void on_idle_source_lost(std::string_view why) override {
    events.push_back("lost " + std::string(why));
  }
};

constexpr core::Duration kGrace = 10s;  // not the built-in period: the argument counts
const core::GraphicalSession kX11Session{"", ":0", "x11"};  // gnome, x11, screensaver
const std::vector<core::Duration> kThresholds{5000ms};

// A keeper over the fakes, with the loop drained by hand.
struct Rig {
  boost::asio::io_context io;
  core::FakeClock clock{utc(2026, 3, 2, 9)};
  FakeMaker maker;
  FakeAppearance appearance;
  Recorder daemon;
  int deadline_changes = 0;
  InputSourceKeeper keeper{
      io,
      maker,
      appearance,
      clock,
      kGrace,
      {daemon,
       {},
       [this] { ++deadline_changes; },
       [this](const std::string& name) { daemon.events.push_back("changed to " + name); }}};

  explicit Rig(std::map<std::string, Start> starts) { maker.starts = std::move(starts); }

  // Start-up: the candidates are tried in turn, each without waiting; a service that does
  // not answer is given up on when its call times out.
  bool start(const std::string& configured = "auto") {
    std::optional<bool> outcome;
    keeper.start(configured, kX11Session, kThresholds, [&outcome](bool works) { outcome = works; });
    drain();
    while (!outcome && maker.waiting()) {
      maker.time_out_first();
      drain();
    }
    EXPECT_TRUE(outcome.has_value()) << "start-up never ended";
    return outcome.value_or(false);
  }
  // Runs what the keeper posted, and what that posted in turn.
  void drain() {
    io.restart();
    io.poll();
  }
  std::string current() const { return keeper.current() ? keeper.current()->name() : ""; }
  FakeSource& source(const std::string& name) {
    FakeSource* source = maker.alive(name);
    EXPECT_NE(source, nullptr) << name;
    return *source;
  }
  // The source in use reports itself lost; returns when.
  core::BootTime lose(const std::string& name) {
    source(name).observer().on_idle_source_lost("gone");
    return clock.now().boot;
  }
  // Time passes to `at` and the daemon's timer fires, as it does at next_deadline().
  void until(core::BootTime at) {
    clock.advance(at - clock.now().boot);
    keeper.on_deadline();
    drain();
  }
};

struct StartCase {
  const char* scenario;
  std::string configured;
  std::map<std::string, Start> starts;
  std::string chosen;  // "" for none
  Names tried;
};

const StartCase kStartCases[] = {
    {"all work: the most precise",
     "auto",
     {{"gnome", Start::kWorks}, {"x11", Start::kWorks}, {"screensaver", Start::kWorks}},
     "gnome",
     {"gnome"}},
    {"the first fails: the second",
     "auto",
     {{"gnome", Start::kFails}, {"x11", Start::kWorks}, {"screensaver", Start::kWorks}},
     "x11",
     {"gnome", "x11"}},
    {"a service that does not answer at start-up counts as failing",
     "auto",
     {{"gnome", Start::kLater}, {"x11", Start::kFails}, {"screensaver", Start::kWorks}},
     "screensaver",
     {"gnome", "x11", "screensaver"}},
    {"none works",
     "auto",
     {{"gnome", Start::kFails}, {"x11", Start::kFails}, {"screensaver", Start::kFails}},
     "",
     {"gnome", "x11", "screensaver"}},
    {"one configured: only that one",
     "screensaver",
     {{"gnome", Start::kWorks}, {"x11", Start::kWorks}, {"screensaver", Start::kWorks}},
     "screensaver",
     {"screensaver"}},
    {"one configured that fails: none, not another",
     "x11",
     {{"gnome", Start::kWorks}, {"x11", Start::kFails}, {"screensaver", Start::kWorks}},
     "",
     {"x11"}},
};

TEST(InputSourceKeeper, StartPicksTheMostPreciseCandidateThatWorks) {
  for (const StartCase& each : kStartCases) {
    SCOPED_TRACE(each.scenario);
    Rig rig(each.starts);
    EXPECT_EQ(rig.start(each.configured), !each.chosen.empty());
    rig.drain();
    EXPECT_EQ(rig.current(), each.chosen);
    EXPECT_EQ(rig.maker.made, each.tried);
    // Those that failed are gone; their candidates are still watched for.
    for (const auto& name : each.tried) {
      EXPECT_EQ(rig.maker.alive(name) != nullptr, name == each.chosen) << name;
    }
    EXPECT_EQ(rig.appearance.watched.size(), each.configured == "auto" ? 3u : 1u);
    EXPECT_EQ(rig.daemon.events, Names{});  // the start itself is no change
  }
}

struct LateStartCase {
  const char* scenario;
  bool gnome_works;  // its service's late answer
  std::string chosen;
  Names tried;
};

const LateStartCase kLateStartCases[] = {
    {"the best answers late that it works: chosen, the others never made",
     true,
     "gnome",
     {"gnome"}},
    {"the best answers late that it fails: the next one", false, "x11", {"gnome", "x11"}},
};

TEST(InputSourceKeeper, StartUpWaitsForEachAnswerThroughTheLoop) {
  for (const LateStartCase& each : kLateStartCases) {
    SCOPED_TRACE(each.scenario);
    Rig rig({{"gnome", Start::kLater}, {"x11", Start::kWorks}, {"screensaver", Start::kWorks}});
    std::optional<bool> outcome;
    rig.keeper.start("auto", kX11Session, kThresholds, [&outcome](bool works) { outcome = works; });
    rig.drain();
    // start() returned and the loop ran dry while gnome's service had not answered yet.
    EXPECT_FALSE(outcome.has_value());
    EXPECT_EQ(rig.current(), "");
    EXPECT_EQ(rig.maker.made, Names{"gnome"});
    rig.maker.answer("gnome", each.gnome_works);
    rig.drain();
    EXPECT_EQ(outcome, std::optional<bool>(true));
    EXPECT_EQ(rig.current(), each.chosen);
    EXPECT_EQ(rig.maker.made, each.tried);
    EXPECT_EQ(rig.daemon.events, Names{});  // the start itself is no change
  }
}

TEST(InputSourceKeeper, SourceAppearingDuringStartUpIsLookedAtOnceOneIsChosen) {
  Rig rig({{"gnome", Start::kFails}, {"x11", Start::kLater}, {"screensaver", Start::kWorks}});
  std::optional<bool> outcome;
  rig.keeper.start("auto", kX11Session, kThresholds, [&outcome](bool works) { outcome = works; });
  rig.drain();
  EXPECT_EQ(rig.maker.made, (Names{"gnome", "x11"}));  // x11's answer is awaited
  // gnome's service comes up while x11 is being tried: not tried yet, nor x11 dropped.
  rig.maker.starts["gnome"] = Start::kWorks;
  rig.appearance.appear("gnome");
  rig.drain();
  EXPECT_FALSE(outcome.has_value());
  EXPECT_EQ(rig.maker.made, (Names{"gnome", "x11"}));
  rig.maker.answer("x11", true);
  rig.drain();
  EXPECT_EQ(outcome, std::optional<bool>(true));
  // Start-up chose x11, then the held appearance had gnome tried, and it is better.
  EXPECT_EQ(rig.maker.made, (Names{"gnome", "x11", "gnome"}));
  EXPECT_EQ(rig.current(), "gnome");
  EXPECT_EQ(rig.daemon.events, Names{"changed to gnome"});
}

struct AppearCase {
  const char* scenario;
  std::string appearing;
  Start its_start;
  std::string in_use;  // afterwards
  Names tried;         // after start-up
  Names told;          // what reached the daemon
};

// At start gnome fails, so x11 is in use; then one candidate appears.
const AppearCase kAppearCases[] = {
    {"a better one that works: switched to",
     "gnome",
     Start::kWorks,
     "gnome",
     {"gnome"},
     {"changed to gnome"}},
    {"a better one that fails: the current one stays",
     "gnome",
     Start::kFails,
     "x11",
     {"gnome"},
     {}},
    {"a worse one: ignored", "screensaver", Start::kWorks, "x11", {}, {}},
    {"the one in use: its own adapter follows it", "x11", Start::kWorks, "x11", {}, {}},
};

TEST(InputSourceKeeper, CandidateAppearingIsTriedOnlyWhenBetter) {
  for (const AppearCase& each : kAppearCases) {
    SCOPED_TRACE(each.scenario);
    Rig rig({{"gnome", Start::kFails}, {"x11", Start::kWorks}, {"screensaver", Start::kWorks}});
    ASSERT_TRUE(rig.start());
    rig.maker.made.clear();
    rig.maker.starts[each.appearing] = each.its_start;
    rig.appearance.appear(each.appearing);
    rig.drain();
    EXPECT_EQ(rig.current(), each.in_use);
    EXPECT_EQ(rig.maker.made, each.tried);
    EXPECT_EQ(rig.daemon.events, each.told);
    // Only the source in use is left running.
    for (const char* name : {"gnome", "x11", "screensaver"}) {
      EXPECT_EQ(rig.maker.alive(name) != nullptr, name == each.in_use) << name;
    }
  }
}

TEST(InputSourceKeeper, TrialSwitchesOnlyOnceItsServiceAnswers) {
  Rig rig({{"gnome", Start::kFails}, {"x11", Start::kWorks}, {"screensaver", Start::kWorks}});
  ASSERT_TRUE(rig.start());
  rig.maker.starts["gnome"] = Start::kLater;
  rig.appearance.appear("gnome");
  rig.drain();
  EXPECT_EQ(rig.current(), "x11");  // the loop went on without waiting
  rig.maker.answer("gnome", true);
  rig.drain();
  EXPECT_EQ(rig.current(), "gnome");
  EXPECT_EQ(rig.maker.alive("x11"), nullptr);
}

TEST(InputSourceKeeper, ReportsOfSourceOnTrialReachDaemonOnlyAfterSwitch) {
  for (const bool works : {true, false}) {
    SCOPED_TRACE(works ? "the trial works" : "the trial fails");
    Rig rig({{"gnome", Start::kFails}, {"x11", Start::kWorks}, {"screensaver", Start::kWorks}});
    ASSERT_TRUE(rig.start());
    rig.maker.starts["gnome"] = Start::kLater;
    rig.appearance.appear("gnome");
    rig.drain();
    // Its start already saw the user idle; the source in use meanwhile saw input.
    rig.source("gnome").observer().on_idle(5000ms, rig.clock.now());
    rig.source("x11").observer().on_input(rig.clock.now());
    EXPECT_EQ(rig.daemon.events, Names{"input"});
    rig.maker.answer("gnome", works);
    rig.drain();
    if (works) {
      EXPECT_EQ(rig.daemon.events, (Names{"input", "changed to gnome", "idle 5000"}));
    } else {
      EXPECT_EQ(rig.daemon.events, Names{"input"});  // held reports go with the source
    }
  }
}

struct GraceCase {
  const char* scenario;
  std::optional<core::Duration> back_after;  // after the loss: a report from it
  bool sign_gone;                            // its bus name or socket went with it
  core::Duration timer_at;                   // after the loss: the daemon's timer fires
  std::string in_use;
};

// At start gnome fails, so x11 is in use; screensaver works, gnome still fails.
const GraceCase kGraceCases[] = {
    {"back a second before the grace ends: kept", kGrace - 1s, true, kGrace, "x11"},
    {"still lost a second before the grace ends: kept", std::nullopt, true, kGrace - 1s, "x11"},
    {"still lost when the grace ends: replaced by the best that works", std::nullopt, true, kGrace,
     "screensaver"},
    {"still lost at the grace but its sign is there: waited for", std::nullopt, false, kGrace,
     "x11"},
};

TEST(InputSourceKeeper, LostSourceIsReplacedOnlyWhenNotBackWithinGrace) {
  for (const GraceCase& each : kGraceCases) {
    SCOPED_TRACE(each.scenario);
    Rig rig({{"gnome", Start::kFails}, {"x11", Start::kWorks}, {"screensaver", Start::kWorks}});
    ASSERT_TRUE(rig.start());
    const core::BootTime lost = rig.lose("x11");
    if (each.sign_gone) rig.appearance.go("x11");
    rig.drain();
    if (each.back_after) {
      rig.clock.advance(*each.back_after);
      rig.source("x11").observer().on_input(rig.clock.now());
    }
    rig.until(lost + each.timer_at);
    EXPECT_EQ(rig.current(), each.in_use);
    EXPECT_EQ(rig.daemon.events.front(), "lost gone");  // told at once, whatever follows
  }
}

TEST(InputSourceKeeper, LostSourceComesBackByAnyReport) {
  Rig rig({{"x11", Start::kWorks}, {"screensaver", Start::kWorks}});
  ASSERT_TRUE(rig.start());
  EXPECT_EQ(rig.current(), "x11");
  const core::BootTime lost = rig.lose("x11");
  rig.appearance.go("x11");
  rig.clock.advance(kGrace - 1s);
  rig.source("x11").observer().on_idle(5000ms, rig.clock.now());
  rig.until(lost + kGrace);
  EXPECT_EQ(rig.current(), "x11");
  EXPECT_EQ(rig.daemon.events, (Names{"lost gone", "idle 5000"}));
}

TEST(InputSourceKeeper, LostPastGraceIsReplacedWhenItsSignGoes) {
  Rig rig({{"gnome", Start::kFails}, {"x11", Start::kWorks}, {"screensaver", Start::kWorks}});
  ASSERT_TRUE(rig.start());
  const core::BootTime lost = rig.lose("x11");
  rig.until(lost + kGrace);
  EXPECT_EQ(rig.current(), "x11");  // its socket is still there: the server may come back
  rig.appearance.go("x11");
  rig.drain();
  EXPECT_EQ(rig.current(), "screensaver");
}

TEST(InputSourceKeeper, LostWithNoneWorkingLeavesNoneUntilOneAppears) {
  Rig rig({{"gnome", Start::kFails}, {"x11", Start::kWorks}, {"screensaver", Start::kFails}});
  ASSERT_TRUE(rig.start());
  const core::BootTime lost = rig.lose("x11");
  rig.appearance.go("x11");
  rig.until(lost + kGrace);
  EXPECT_EQ(rig.current(), "");
  EXPECT_EQ(rig.maker.alive("x11"), nullptr);
  EXPECT_EQ(rig.daemon.events, (Names{"lost gone", "changed to "}));
  // Then one appears, and works.
  rig.maker.starts["screensaver"] = Start::kWorks;
  rig.appearance.appear("screensaver");
  rig.drain();
  EXPECT_EQ(rig.current(), "screensaver");
  EXPECT_EQ(rig.daemon.events.back(), "changed to screensaver");
}

TEST(InputSourceKeeper, NextDeadlineIsTheGraceUntilResolved) {
  {
    SCOPED_TRACE("the source comes back");
    Rig rig({{"x11", Start::kWorks}});
    ASSERT_TRUE(rig.start());
    EXPECT_EQ(rig.keeper.next_deadline(), std::nullopt);
    const int changes_before = rig.deadline_changes;
    const core::BootTime lost = rig.lose("x11");
    EXPECT_EQ(rig.keeper.next_deadline(), lost + kGrace);
    EXPECT_EQ(rig.deadline_changes, changes_before + 1);  // the daemon re-arms its timer
    rig.clock.advance(3s);
    rig.lose("x11");  // lost again before coming back: the first loss counts
    EXPECT_EQ(rig.keeper.next_deadline(), lost + kGrace);
    rig.source("x11").observer().on_input(rig.clock.now());
    EXPECT_EQ(rig.keeper.next_deadline(), std::nullopt);
  }
  {
    SCOPED_TRACE("the source is replaced");
    Rig rig({{"x11", Start::kWorks}, {"screensaver", Start::kWorks}});
    ASSERT_TRUE(rig.start());
    const core::BootTime lost = rig.lose("x11");
    rig.appearance.go("x11");
    rig.until(lost + kGrace - 1s);
    EXPECT_EQ(rig.keeper.next_deadline(), lost + kGrace);  // an early wake-up changes nothing
    rig.until(lost + kGrace);
    EXPECT_EQ(rig.current(), "screensaver");
    EXPECT_EQ(rig.keeper.next_deadline(), std::nullopt);
  }
}

}  // namespace
}  // namespace screentime::app
