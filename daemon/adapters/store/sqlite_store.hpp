#pragma once
// SqliteStore: the history kept in one SQLite file (schema and policies in docs/storage.md).
// Serves both roles: a user daemon writes its own uid, the system daemon several uids.
// Loop thread only: it owns one connection and no locks of its own.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/adapters/store/flush_backoff.hpp"
#include "daemon/core/history_store.hpp"
#include "daemon/core/limit_records.hpp"

namespace screentime::adapters {

class StoreConnection;

struct SqliteStoreOptions {
  // How long a write waits for another connection's lock before flush() gives up and asks to
  // be retried later. flush() runs on the daemon's only loop thread, so this stays short.
  std::chrono::milliseconds busy_timeout{50};
  // PRAGMA max_page_count for every connection the store opens; tests use it to make the
  // "disk" full. Empty: SQLite's default (no practical limit).
  std::optional<std::int64_t> max_page_count;
  // Read the file as it is, for screentimectl while screentimed is stopped: never create it,
  // never migrate or write it, never lock it for writing. flush() keeps everything queued and
  // reports that it did not write; queries merge the queue as usual.
  bool read_only = false;
};

class SqliteStore final : public core::HistoryStore, public core::LimitRecords {
 public:
  // Opens (creating if missing, see create_private_file) the database at `path` and brings
  // it to the current schema. A file that cannot be written for now (permissions, a read-only
  // or full file system, another process's lock) is read as it is, or as empty when it cannot
  // be read either; the writes wait in memory and flush() tries the file again each time.
  // Throws StoreError when the file cannot be opened or prepared for another reason, and
  // SchemaTooNewError when a newer screentime wrote it. With `read_only`, a missing file or
  // one at another schema version is a StoreError too.
  explicit SqliteStore(std::filesystem::path path, SqliteStoreOptions options = {});
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  void append(core::UserId user, const core::Interval& interval) override;
  void save_last_seen(core::UserId user, const core::LastSeen& last_seen) override;
  void append_break_event(core::UserId user, const core::BreakEvent& event) override;
  void save_break_snapshot(core::UserId user, const core::BreakSnapshot& snapshot) override;
  // Writes the queue in one transaction. On failure nothing is lost: everything stays
  // queued, and the outcome carries the back-off (1 s doubling to 5 min) and SQLite's
  // message. Never throws.
  core::FlushOutcome flush() noexcept override;
  std::size_t pending() const override {
    return queued_intervals_.size() + queued_break_events_.size();
  }

  // Queries merge stored and queued data. They throw StoreError when the file cannot be read.
  std::optional<core::LastSeen> last_seen(core::UserId user) override;
  std::optional<core::BreakSnapshot> break_snapshot(core::UserId user) override;
  std::vector<core::Interval> intervals(core::UserId user, core::WallTime from,
                                        core::WallTime to) override;
  // Reads only the page's rows (and counts the rest in the index), unless a queued interval
  // starts before the last stored one (a clock set back): then as intervals().
  IntervalPage interval_page(core::UserId user, core::WallTime from, core::WallTime to,
                             std::int64_t skip, std::int64_t limit) override;
  std::vector<core::BreakEvent> break_events(core::UserId user, core::WallTime from,
                                             core::WallTime to) override;
  // Takes effect at once for queries and the queue; the rows are deleted from the file by
  // the next flush(), in its transaction, so a failing disk is handled in one place.
  void purge_before(core::UserId user, core::WallTime cutoff) override;

  // LimitRecords: each written at once in its own transaction; StoreError when it cannot be.
  void add_grant(core::UserId user, const core::LimitGrant& grant) override;
  std::vector<core::LimitGrant> grants(core::UserId user, core::WallTime from,
                                       core::WallTime to) override;
  std::int64_t add_request(const core::LimitRequest& request) override;
  bool answer_request(std::int64_t id, core::RequestState state, core::WallTime at, core::UserId by,
                      core::Duration granted) override;
  std::optional<core::LimitRequest> request(std::int64_t id) override;
  std::vector<core::LimitRequest> requests(std::optional<core::UserId> user,
                                           core::WallTime since) override;
  void add_event(core::UserId user, const core::LimitEvent& event) override;
  std::vector<core::LimitEvent> events(core::UserId user, core::WallTime from,
                                       core::WallTime to) override;

  const std::filesystem::path& path() const { return path_; }
  // "damaged (file is not a database): moved aside to PATH.damaged-…; 1234 rows salvaged".
  std::string damage() const override { return damage_; }
  // Changes max_page_count on the open connection and every later one (tests: "free up disk
  // space"). Throws StoreError if the connection refuses it.
  void set_max_page_count(std::optional<std::int64_t> pages);

 private:
  struct QueuedInterval {
    core::UserId user;
    core::Interval interval;
  };
  struct QueuedBreakEvent {
    core::UserId user;
    core::BreakEvent event;
  };

  StoreConnection& connection();  // opens one if there is none; throws StoreError
  // The file cannot be written for now (`why`): read it as it is, or an empty history.
  void read_until_writable(const std::string& why);
  // Runs `query` on the connection; damage met on the way is handled at once (the file moved
  // aside, what reads salvaged) and the query run again on the new file. StoreError otherwise.
  template <typename Read>
  auto read(Read query);
  std::string damage_;  // what was done the last time the file was found damaged
  void write_queue(StoreConnection& connection);
  // Where `user`'s history starts for queries: at `from`, or later when a queued purge has
  // already taken what comes before.
  core::WallTime visible_from(core::UserId user, core::WallTime from) const;
  // Runs `write` on the connection in its own transaction; StoreError on failure.
  template <typename Write>
  auto write_now(Write write);

  std::filesystem::path path_;
  SqliteStoreOptions options_;
  std::unique_ptr<StoreConnection> connection_;
  // Why the open connection is not writable (see read_until_writable); empty when it is.
  std::string write_blocked_;
  // Set after an error a new connection may cure (read-only file, file gone, I/O error): the
  // next flush() closes and reopens, so fixing permissions needs no restart.
  bool reopen_before_write_ = false;
  std::vector<QueuedInterval> queued_intervals_;
  std::vector<QueuedBreakEvent> queued_break_events_;
  std::map<core::UserId, core::LastSeen> queued_last_seen_;
  std::map<core::UserId, core::BreakSnapshot> queued_break_snapshots_;
  // Per user, the latest cutoff of purges the next flush() writes.
  std::map<core::UserId, core::WallTime> queued_purges_;
  FlushBackoff backoff_;
};

}  // namespace screentime::adapters
