// The logind sessions the system role follows: pictures only whole, what a read and a change
// each carry, and lock signals against LockedHint.

#include "daemon/adapters/activity/logind_session_table.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace screentime::adapters {
namespace {

const std::string kC1 = "/org/freedesktop/login1/session/c1";
const std::string kC2 = "/org/freedesktop/login1/session/c2";

// What GetAll gives for a local, unlocked, active session.
LogindSessionProperties full_read(std::string id, std::uint32_t uid, std::string type) {
  LogindSessionProperties read;
  read.id = std::move(id);
  read.uid = uid;
  read.type = std::move(type);
  read.session_class = "user";
  read.remote = false;
  read.active = true;
  read.locked_hint = false;
  read.idle_hint = false;
  return read;
}

LogindSessionProperties locked_hint(bool locked) {
  LogindSessionProperties change;
  change.locked_hint = locked;
  return change;
}

TEST(LogindSessionTable, APictureIsWholeOrNone) {
  LogindSessionTable table;
  ASSERT_TRUE(table.picture());  // no session at all is a whole picture
  EXPECT_TRUE(table.picture()->empty());

  EXPECT_TRUE(table.add(kC1));
  EXPECT_FALSE(table.add(kC1));  // listed and announced: followed once
  EXPECT_TRUE(table.add(kC2));
  table.read(kC2, full_read("c2", 4242, "tty"));
  EXPECT_FALSE(table.picture()) << "c1 is not read yet";

  table.read(kC1, full_read("c1", 1000, "x11"));
  const auto picture = table.picture();
  ASSERT_TRUE(picture);
  ASSERT_EQ(picture->size(), 2u);
  EXPECT_EQ((*picture)[0].id, "c1");
  EXPECT_EQ((*picture)[0].uid, 1000u);
  EXPECT_EQ((*picture)[1].id, "c2");
  EXPECT_EQ((*picture)[1].uid, 4242u);
  EXPECT_EQ((*picture)[1].type, "tty");
  EXPECT_EQ((*picture)[1].session_class, "user");

  EXPECT_TRUE(table.remove(kC2));
  EXPECT_FALSE(table.remove(kC2));
  EXPECT_EQ(table.picture()->size(), 1u);
}

TEST(LogindSessionTable, WhatEachPropertyBecomes) {
  struct Case {
    const char* name;
    std::function<void(LogindSessionProperties&)> change;
    std::function<bool(const core::LoginSession&)> expected;
    bool also_changed = true;  // the same arriving by PropertiesChanged
  };
  const Case cases[] = {
      {"active", [](auto& p) { p.active = false; }, [](auto& s) { return !s.active; }},
      {"idle hint", [](auto& p) { p.idle_hint = true; }, [](auto& s) { return s.idle; }},
      {"locked hint", [](auto& p) { p.locked_hint = true; }, [](auto& s) { return s.locked; }},
      {"remote", [](auto& p) { p.remote = true; }, [](auto& s) { return s.remote; }},
      {"class", [](auto& p) { p.session_class = "greeter"; },
       [](auto& s) { return s.session_class == "greeter"; }},
      {"type", [](auto& p) { p.type = "wayland"; }, [](auto& s) { return s.type == "wayland"; }},
      {"no id: the path's tail", [](auto& p) { p.id.reset(); },
       [](auto& s) { return s.id == "c1"; }, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    LogindSessionTable read_so;
    read_so.add(kC1);
    auto read = full_read("c1", 1000, "x11");
    c.change(read);
    read_so.read(kC1, read);
    EXPECT_TRUE(c.expected(read_so.picture()->front())) << "as read";

    if (!c.also_changed) continue;
    LogindSessionTable changed_so;
    changed_so.add(kC1);
    changed_so.read(kC1, full_read("c1", 1000, "x11"));
    LogindSessionProperties change;
    c.change(change);
    changed_so.change(kC1, change);
    EXPECT_TRUE(c.expected(changed_so.picture()->front())) << "as changed";
  }
}

TEST(LogindSessionTable, AChangeLeavesWhatItDoesNotCarry) {
  LogindSessionTable table;
  table.add(kC1);
  table.read(kC1, full_read("c1", 1000, "x11"));
  table.change(kC1, locked_hint(true));
  const auto session = table.picture()->front();
  EXPECT_TRUE(session.locked);
  EXPECT_TRUE(session.active);
  EXPECT_EQ(session.uid, 1000u);
  EXPECT_EQ(session.type, "x11");
}

TEST(LogindSessionTable, LockSignalsAndLockedHint) {
  struct Step {
    enum { kLock, kUnlock, kHintTrue, kHintFalse } what;
    bool locked_after;
  };
  struct Case {
    const char* name;
    std::vector<Step> steps;
  };
  const Case cases[] = {
      {"lock and unlock signals alone", {{Step::kLock, true}, {Step::kUnlock, false}}},
      {"a locker that sets the hint",
       {{Step::kLock, true},
        {Step::kHintTrue, true},
        {Step::kUnlock, true},
        {Step::kHintFalse, false}}},
      {"let in without an Unlock signal",
       {{Step::kLock, true}, {Step::kHintTrue, true}, {Step::kHintFalse, false}}},
      {"the hint alone", {{Step::kHintTrue, true}, {Step::kHintFalse, false}}},
      {"a hint that was false already unlocks nothing",
       {{Step::kLock, true}, {Step::kHintFalse, true}}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    LogindSessionTable table;
    table.add(kC1);
    table.read(kC1, full_read("c1", 1000, "x11"));
    int n = 0;
    for (const auto& step : c.steps) {
      switch (step.what) {
        case Step::kLock:
          table.lock_signal(kC1, true);
          break;
        case Step::kUnlock:
          table.lock_signal(kC1, false);
          break;
        case Step::kHintTrue:
          table.change(kC1, locked_hint(true));
          break;
        case Step::kHintFalse:
          table.change(kC1, locked_hint(false));
          break;
      }
      EXPECT_EQ(table.picture()->front().locked, step.locked_after) << "step " << n++;
    }
  }
}

TEST(LogindSessionTable, SignalsForSessionsNotFollowedAreIgnored) {
  LogindSessionTable table;
  table.change(kC1, locked_hint(true));
  table.lock_signal(kC1, true);
  table.read(kC1, full_read("c1", 1000, "x11"));
  EXPECT_EQ(table.size(), 0u);
}

}  // namespace
}  // namespace screentime::adapters
