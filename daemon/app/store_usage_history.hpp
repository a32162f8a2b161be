#pragma once
// StoreUsageHistory: one user's stored history as their UserSession reads it (the daily
// goal's figure), from the history store, queued rows included. Loop thread only.

#include "daemon/core/history_store.hpp"
#include "daemon/core/user_session.hpp"

namespace screentime::app {

class StoreUsageHistory final : public core::UsageHistory {
 public:
  StoreUsageHistory(core::HistoryStore& store, core::UserId user) : store_(store), user_(user) {}

  // A read that fails is logged and counts as nothing stored: the goal then undercounts
  // until the next read, but tracking and reminders go on.
  core::Duration stored_active_on(core::LocalDate day, core::DayStart day_start) const override;

 private:
  core::HistoryStore& store_;
  core::UserId user_;
};

}  // namespace screentime::app
