#pragma once
// LimitRecordsTable: the SQL of the system role's grants (`limit_grants`) and requests for more
// time (`limit_requests`). Like HistoryTables it opens no transactions and handles no errors.
// Loop thread only.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <optional>
#include <vector>

#include "daemon/core/limit_records.hpp"

namespace screentime::adapters {

class LimitRecordsTable {
 public:
  // `db` must already have the current schema and must outlive this object.
  explicit LimitRecordsTable(SQLite::Database& db);

  void insert_grant(core::UserId user, const core::LimitGrant& grant);
  std::vector<core::LimitGrant> grants(core::UserId user, core::WallTime from, core::WallTime to);
  std::int64_t insert_request(const core::LimitRequest& request);
  // False when no pending request has that id.
  bool answer(std::int64_t id, core::RequestState state, core::WallTime at, core::UserId by,
              core::Duration granted);
  std::optional<core::LimitRequest> request(std::int64_t id);
  std::vector<core::LimitRequest> requests(std::optional<core::UserId> user, core::WallTime since);
  void insert_event(core::UserId user, const core::LimitEvent& event);
  std::vector<core::LimitEvent> events(core::UserId user, core::WallTime from, core::WallTime to);
  void delete_before(core::UserId user, core::WallTime cutoff);

 private:
  SQLite::Database& db_;
  SQLite::Statement insert_grant_;
  SQLite::Statement select_grants_;
  SQLite::Statement insert_request_;
  SQLite::Statement answer_;
  SQLite::Statement select_request_;
  SQLite::Statement select_requests_;
  SQLite::Statement insert_event_;
  SQLite::Statement select_events_;
  SQLite::Statement delete_events_;
  SQLite::Statement delete_grants_;
  SQLite::Statement delete_requests_;
};

}  // namespace screentime::adapters
