#include "daemon/adapters/store/limit_records_table.hpp"

#include <chrono>
#include <cstdint>

#include "daemon/adapters/store/statement_helpers.hpp"

namespace screentime::adapters {
namespace {

constexpr const char* kRequestColumns =
    "id, user_id, asked_at_ms, utc_offset_s, extra_ms, reason, state, answered_at_ms, "
    "answered_by, granted_ms";

std::int64_t offset_seconds(core::UtcOffset offset) {
  return std::chrono::duration_cast<std::chrono::seconds>(offset).count();
}

core::RequestState state_from_int(std::int64_t value) {
  switch (value) {
    case 1:
      return core::RequestState::granted;
    case 2:
      return core::RequestState::denied;
    default:
      return core::RequestState::pending;
  }
}

core::LimitRequest read_request(SQLite::Statement& s) {
  core::LimitRequest request;
  request.id = s.getColumn(0).getInt64();
  request.user = static_cast<core::UserId>(s.getColumn(1).getInt64());
  request.asked_at = wall_from_ms(s.getColumn(2).getInt64());
  request.offset = std::chrono::seconds{s.getColumn(3).getInt64()};
  request.extra = core::Duration{s.getColumn(4).getInt64()};
  request.reason = s.getColumn(5).getString();
  request.state = state_from_int(s.getColumn(6).getInt64());
  if (!s.getColumn(7).isNull()) request.answered_at = wall_from_ms(s.getColumn(7).getInt64());
  if (!s.getColumn(8).isNull()) {
    request.answered_by = static_cast<core::UserId>(s.getColumn(8).getInt64());
  }
  request.granted = core::Duration{s.getColumn(9).getInt64()};
  return request;
}

}  // namespace

LimitRecordsTable::LimitRecordsTable(SQLite::Database& db)
    : db_(db),
      insert_grant_(db,
                    "INSERT INTO limit_grants (user_id, at_ms, utc_offset_s, extra_ms, by_uid, "
                    "request_id) VALUES (?, ?, ?, ?, ?, ?)"),
      select_grants_(db,
                     "SELECT at_ms, utc_offset_s, extra_ms, by_uid, request_id FROM limit_grants "
                     "WHERE user_id = ? AND at_ms >= ? AND at_ms < ? ORDER BY at_ms"),
      insert_request_(db,
                      "INSERT INTO limit_requests (user_id, asked_at_ms, utc_offset_s, extra_ms, "
                      "reason, state) VALUES (?, ?, ?, ?, ?, 0)"),
      answer_(db,
              "UPDATE limit_requests SET state = ?, answered_at_ms = ?, answered_by = ?, "
              "granted_ms = ? WHERE id = ? AND state = 0"),
      select_request_(
          db, std::string("SELECT ") + kRequestColumns + " FROM limit_requests WHERE id = ?"),
      select_requests_(db, std::string("SELECT ") + kRequestColumns +
                               " FROM limit_requests WHERE (?1 IS NULL OR user_id = ?1) AND "
                               "asked_at_ms >= ?2 ORDER BY asked_at_ms, id"),
      insert_event_(db,
                    "INSERT INTO limit_events (user_id, at_ms, utc_offset_s, kind, action, reason) "
                    "VALUES (?, ?, ?, ?, ?, ?)"),
      select_events_(db,
                     "SELECT at_ms, utc_offset_s, kind, action, reason FROM limit_events "
                     "WHERE user_id = ? AND at_ms >= ? AND at_ms < ? ORDER BY at_ms"),
      delete_events_(db, "DELETE FROM limit_events WHERE user_id = ? AND at_ms < ?"),
      delete_grants_(db, "DELETE FROM limit_grants WHERE user_id = ? AND at_ms < ?"),
      delete_requests_(db, "DELETE FROM limit_requests WHERE user_id = ? AND asked_at_ms < ?") {}

void LimitRecordsTable::insert_grant(core::UserId user, const core::LimitGrant& grant) {
  ResetOnExit reset(insert_grant_);
  SQLite::Statement& s = insert_grant_;
  s.bind(1, static_cast<std::int64_t>(user));
  s.bind(2, ms(grant.at));
  s.bind(3, offset_seconds(grant.offset));
  s.bind(4, static_cast<std::int64_t>(grant.extra.count()));
  s.bind(5, static_cast<std::int64_t>(grant.by));
  if (grant.request) {
    s.bind(6, *grant.request);
  } else {
    s.bind(6);
  }
  s.exec();
}

std::vector<core::LimitGrant> LimitRecordsTable::grants(core::UserId user, core::WallTime from,
                                                        core::WallTime to) {
  ResetOnExit reset(select_grants_);
  SQLite::Statement& s = select_grants_;
  s.bind(1, static_cast<std::int64_t>(user));
  s.bind(2, ms(from));
  s.bind(3, ms(to));
  std::vector<core::LimitGrant> found;
  while (s.executeStep()) {
    core::LimitGrant grant;
    grant.at = wall_from_ms(s.getColumn(0).getInt64());
    grant.offset = std::chrono::seconds{s.getColumn(1).getInt64()};
    grant.extra = core::Duration{s.getColumn(2).getInt64()};
    grant.by = static_cast<core::UserId>(s.getColumn(3).getInt64());
    if (!s.getColumn(4).isNull()) grant.request = s.getColumn(4).getInt64();
    found.push_back(grant);
  }
  return found;
}

std::int64_t LimitRecordsTable::insert_request(const core::LimitRequest& request) {
  ResetOnExit reset(insert_request_);
  SQLite::Statement& s = insert_request_;
  s.bind(1, static_cast<std::int64_t>(request.user));
  s.bind(2, ms(request.asked_at));
  s.bind(3, offset_seconds(request.offset));
  s.bind(4, static_cast<std::int64_t>(request.extra.count()));
  s.bind(5, request.reason);
  s.exec();
  return db_.getLastInsertRowid();
}

bool LimitRecordsTable::answer(std::int64_t id, core::RequestState state, core::WallTime at,
                               core::UserId by, core::Duration granted) {
  ResetOnExit reset(answer_);
  SQLite::Statement& s = answer_;
  s.bind(1, static_cast<std::int64_t>(state));
  s.bind(2, ms(at));
  s.bind(3, static_cast<std::int64_t>(by));
  s.bind(4, static_cast<std::int64_t>(granted.count()));
  s.bind(5, id);
  return s.exec() == 1;
}

std::optional<core::LimitRequest> LimitRecordsTable::request(std::int64_t id) {
  ResetOnExit reset(select_request_);
  select_request_.bind(1, id);
  if (!select_request_.executeStep()) return std::nullopt;
  return read_request(select_request_);
}

std::vector<core::LimitRequest> LimitRecordsTable::requests(std::optional<core::UserId> user,
                                                            core::WallTime since) {
  ResetOnExit reset(select_requests_);
  SQLite::Statement& s = select_requests_;
  if (user) {
    s.bind(1, static_cast<std::int64_t>(*user));
  } else {
    s.bind(1);
  }
  s.bind(2, ms(since));
  std::vector<core::LimitRequest> found;
  while (s.executeStep()) found.push_back(read_request(s));
  return found;
}

void LimitRecordsTable::insert_event(core::UserId user, const core::LimitEvent& event) {
  ResetOnExit reset(insert_event_);
  SQLite::Statement& s = insert_event_;
  s.bind(1, static_cast<std::int64_t>(user));
  s.bind(2, ms(event.at));
  s.bind(3, offset_seconds(event.offset));
  s.bind(4, static_cast<std::int64_t>(event.kind));
  s.bind(5, static_cast<std::int64_t>(event.action));
  s.bind(6, static_cast<std::int64_t>(event.reason));
  s.exec();
}

// Numbers a newer build may add (another action, say) are skipped, not misread.
std::vector<core::LimitEvent> LimitRecordsTable::events(core::UserId user, core::WallTime from,
                                                        core::WallTime to) {
  ResetOnExit reset(select_events_);
  SQLite::Statement& s = select_events_;
  s.bind(1, static_cast<std::int64_t>(user));
  s.bind(2, ms(from));
  s.bind(3, ms(to));
  std::vector<core::LimitEvent> found;
  while (s.executeStep()) {
    const auto kind = s.getColumn(2).getInt64();
    const auto action = s.getColumn(3).getInt64();
    const auto reason = s.getColumn(4).getInt64();
    if (kind < 0 || kind > 1 || action < 0 || action > 3 || reason < 0 || reason > 2) continue;
    found.push_back(
        {wall_from_ms(s.getColumn(0).getInt64()), std::chrono::seconds{s.getColumn(1).getInt64()},
         static_cast<core::LimitEvent::Kind>(kind), static_cast<core::LimitAction>(action),
         static_cast<core::LimitReason>(reason)});
  }
  return found;
}

void LimitRecordsTable::delete_before(core::UserId user, core::WallTime cutoff) {
  for (SQLite::Statement* s : {&delete_events_, &delete_grants_, &delete_requests_}) {
    ResetOnExit reset(*s);
    s->bind(1, static_cast<std::int64_t>(user));
    s->bind(2, ms(cutoff));
    s->exec();
  }
}

}  // namespace screentime::adapters
