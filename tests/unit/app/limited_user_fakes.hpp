#pragma once
// Fakes for the app's unit tests: a history store in memory, a host that does nothing, limit
// actions that are written down, and grants and requests in memory.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "daemon/adapters/store/store_error.hpp"
#include "daemon/app/limit_actions.hpp"
#include "daemon/app/runtime_host.hpp"
#include "daemon/core/history_store.hpp"
#include "daemon/core/limit_records.hpp"

namespace screentime::app {

// Nothing stored before; what is appended is kept for the test to read (and given back by
// intervals() with `reads_appended`). With `broken`, reads fail as a damaged database does.
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
  std::vector<core::Interval> intervals(core::UserId, core::WallTime from,
                                        core::WallTime to) override {
    if (broken) throw adapters::StoreError("history.db", "database disk image is malformed");
    std::vector<core::Interval> found;
    if (!reads_appended) return found;
    for (const auto& interval : appended) {
      if (interval.start < to && interval.end() > from) found.push_back(interval);
    }
    return found;
  }
  std::vector<core::BreakEvent> break_events(core::UserId, core::WallTime,
                                             core::WallTime) override {
    return {};
  }
  void purge_before(core::UserId, core::WallTime) override {}
  std::vector<core::Interval> appended;
  bool broken = false;
  bool reads_appended = false;  // reads give back what was appended (else: nothing stored)
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

// Grants and requests in memory, numbered from 1.
struct MemoryLimitRecords final : core::LimitRecords {
  void add_grant(core::UserId user, const core::LimitGrant& grant) override {
    granted.emplace_back(user, grant);
  }
  std::vector<core::LimitGrant> grants(core::UserId user, core::WallTime from,
                                       core::WallTime to) override {
    std::vector<core::LimitGrant> found;
    for (const auto& [who, grant] : granted) {
      if (who == user && grant.at >= from && grant.at < to) found.push_back(grant);
    }
    return found;
  }
  std::int64_t add_request(const core::LimitRequest& request) override {
    asked.push_back(request);
    asked.back().id = static_cast<std::int64_t>(asked.size());
    return asked.back().id;
  }
  bool answer_request(std::int64_t id, core::RequestState state, core::WallTime at, core::UserId by,
                      core::Duration amount) override {
    auto* found = find(id);
    if (found == nullptr || found->state != core::RequestState::pending) return false;
    found->state = state;
    found->answered_at = at;
    found->answered_by = by;
    found->granted = amount;
    return true;
  }
  std::optional<core::LimitRequest> request(std::int64_t id) override {
    const auto* found = find(id);
    return found != nullptr ? std::optional(*found) : std::nullopt;
  }
  std::vector<core::LimitRequest> requests(std::optional<core::UserId> user,
                                           core::WallTime since) override {
    std::vector<core::LimitRequest> found;
    for (const auto& each : asked) {
      if ((!user || each.user == *user) && each.asked_at >= since) found.push_back(each);
    }
    return found;
  }
  void add_event(core::UserId user, const core::LimitEvent& event) override {
    happened.emplace_back(user, event);
  }
  std::vector<core::LimitEvent> events(core::UserId user, core::WallTime from,
                                       core::WallTime to) override {
    std::vector<core::LimitEvent> found;
    for (const auto& [who, event] : happened) {
      if (who == user && event.at >= from && event.at < to) found.push_back(event);
    }
    return found;
  }
  core::LimitRequest* find(std::int64_t id) {
    return id >= 1 && id <= static_cast<std::int64_t>(asked.size())
               ? &asked[static_cast<std::size_t>(id - 1)]
               : nullptr;
  }

  std::vector<std::pair<core::UserId, core::LimitGrant>> granted;
  std::vector<core::LimitRequest> asked;
  std::vector<std::pair<core::UserId, core::LimitEvent>> happened;
};

}  // namespace screentime::app
