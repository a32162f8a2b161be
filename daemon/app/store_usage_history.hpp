#pragma once
// StoreUsageHistory: one user's stored history as their UserSession reads it (the daily
// goal's figure), from the history store, queued rows included. Loop thread only.

#include "daemon/core/history_store.hpp"
#include "daemon/core/limit_records.hpp"
#include "daemon/core/user_session.hpp"

namespace screentime::app {

class StoreUsageHistory final : public core::UsageHistory {
 public:
  // `records`: the system role's grants, read back for its limited users; none in the user role.
  StoreUsageHistory(core::HistoryStore& store, core::UserId user,
                    core::LimitRecords* records = nullptr)
      : store_(store), user_(user), records_(records) {}

  // A read that fails is logged and counts as nothing stored: the goal then undercounts
  // until the next read, but tracking and reminders go on.
  core::Duration stored_active_on(core::LocalDate day, core::DayStart day_start) const override;
  // A read that fails is logged and counts as no grant: the user may lose extra time until
  // the next restart, never gain some.
  core::Duration granted_on(core::LocalDate day) const override;

 private:
  core::HistoryStore& store_;
  core::UserId user_;
  core::LimitRecords* records_;
};

}  // namespace screentime::app
