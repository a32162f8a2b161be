#pragma once
// Fakes for a LimitedUser in unit tests: a history store in memory (nothing stored before),
// a host that does nothing, and limit actions that are written down.

#include <string>
#include <vector>

#include "daemon/app/limit_actions.hpp"
#include "daemon/app/runtime_host.hpp"
#include "daemon/core/history_store.hpp"

namespace screentime::app {

struct MemoryStore final : core::HistoryStore {
  void append(core::UserId, const core::Interval& interval) override {
    appended.push_back(interval);
  }
  void save_last_seen(core::UserId, const core::LastSeen&) override {}
  void append_break_event(core::UserId, const core::BreakEvent&) override {}
  void save_break_snapshot(core::UserId, const core::BreakSnapshot&) override {}
  core::FlushOutcome flush() override { return {}; }
  std::size_t pending() const override { return 0; }
  std::optional<core::LastSeen> last_seen(core::UserId) override { return std::nullopt; }
  std::optional<core::BreakSnapshot> break_snapshot(core::UserId) override { return std::nullopt; }
  std::vector<core::Interval> intervals(core::UserId, core::WallTime, core::WallTime) override {
    return {};
  }
  std::vector<core::BreakEvent> break_events(core::UserId, core::WallTime,
                                             core::WallTime) override {
    return {};
  }
  void purge_before(core::UserId, core::WallTime) override {}
  std::vector<core::Interval> appended;
};

struct Host final : RuntimeHost {
  void rearm() override {}
  void flush() override {}
  void state_changed(core::UserId) override {}
};

struct Actions final : LimitActions {
  void tell(core::UserId user, const core::LimitNotice& notice) override {
    told.push_back(std::to_string(user) + " " + std::to_string(static_cast<int>(notice.kind)));
  }
  void lock_sessions(const std::vector<std::string>& ids) override {
    for (const auto& id : ids) done.push_back("lock " + id);
  }
  void terminate_sessions(const std::vector<std::string>& ids) override {
    for (const auto& id : ids) done.push_back("terminate " + id);
  }
  void suspend() override { done.push_back("suspend"); }
  std::vector<std::string> told;
  std::vector<std::string> done;
};

}  // namespace screentime::app
