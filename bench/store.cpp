// bench_store: how fast the SQLite history store writes a year of realistic intervals, how
// big the file gets, how long the daily report of the last 365 days takes, and how long
// retention takes to delete a year of one user's history among several users. Prints figures
// only; the goals (docs/storage.md: under 2 MiB a year, report under 10 ms) are for reading.
//
// Usage: bench_store [folder]   (default: $TMPDIR or /tmp; a private subfolder is removed)

#include <SQLiteCpp/Database.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "daemon/adapters/store/sqlite_store.hpp"
#include "daemon/core/day_attribution.hpp"
#include "daemon/core/posix_time_zone.hpp"

namespace {

using namespace std::chrono_literals;
using screentime::adapters::SqliteStore;
using screentime::core::ActivityState;
using screentime::core::Duration;
using screentime::core::Interval;
using screentime::core::WallTime;
using Stopwatch = std::chrono::steady_clock;

constexpr screentime::core::UserId kUser = 1000;

// A plausible desktop life: asleep at night, then alternating work, short idle spells, locked
// breaks and the odd daemon restart; about 60 state changes a day. Offsets follow
// Europe/Stockholm (+3600 in winter, +7200 in summer). Fixed seed: runs are comparable.
class HistoryGenerator {
 public:
  explicit HistoryGenerator(std::uint64_t seed = 42)
      : zone_(*screentime::core::PosixTimeZone::parse("CET-1CEST,M3.5.0,M10.5.0/3")),
        random_(seed) {}

  std::vector<Interval> days(WallTime start, int count) {
    std::vector<Interval> result;
    WallTime end = start + count * 24h;
    WallTime t = start;
    while (t < end) {
      Interval next = make(t);
      t = next.end();
      result.push_back(std::move(next));
    }
    return result;
  }

 private:
  Interval make(WallTime start) {
    auto offset = zone_.utc_offset(start);
    auto local = std::chrono::floor<std::chrono::minutes>(start + offset);
    auto minute_of_day = (local - std::chrono::floor<std::chrono::days>(local)).count();
    Interval interval{.state = ActivityState::active,
                      .start = start,
                      .duration = {},
                      .utc_offset = offset,
                      .source = "x11",
                      .detail = ""};
    if (minute_of_day >= 23 * 60 + 30 || minute_of_day < 7 * 60) {
      // Asleep until about 07:00 local.
      auto until_seven = (7 * 60 - minute_of_day + 24 * 60) % (24 * 60);
      interval.state = ActivityState::asleep;
      interval.duration = std::chrono::minutes(until_seven) + minutes(0, 20);
      interval.source = "daemon";
      interval.detail = "suspend";
      return interval;
    }
    int pick = std::uniform_int_distribution<int>(0, 99)(random_);
    if (pick < 50) {
      interval.duration = minutes(3, 40);
      interval.source = pick < 40 ? "x11" : "logind";
      if (pick < 8) interval.detail = kInhibitors[static_cast<std::size_t>(pick) % 4];
    } else if (pick < 75) {
      interval.state = ActivityState::idle;
      interval.duration = minutes(1, 8);
    } else if (pick < 97) {
      interval.state = ActivityState::locked;
      interval.duration = minutes(2, 40);
      interval.source = "logind";
    } else {
      interval.state = ActivityState::unknown;
      interval.duration = minutes(1, 5);
      interval.source = "daemon";
      interval.detail = "restart";
    }
    return interval;
  }

  // A duration between `low` and `high` minutes, to the millisecond.
  Duration minutes(int low, int high) {
    return Duration(
        std::uniform_int_distribution<std::int64_t>(low * 60'000, high * 60'000)(random_));
  }

  static constexpr const char* kInhibitors[] = {"inhibited by firefox", "inhibited by mpv",
                                                "inhibited by zoom",
                                                "inhibited by org.gnome.Totem"};
  screentime::core::PosixTimeZone zone_;
  std::mt19937_64 random_;
};

double seconds_since(Stopwatch::time_point start) {
  return std::chrono::duration<double>(Stopwatch::now() - start).count();
}

screentime::core::LastSeen checkpoint(const Interval& interval) {
  return {.wall = interval.end(), .boot = {}, .boot_id = "bench", .open = std::nullopt};
}

// Each flush one transaction, one interval each, as the daemon writes on every state change.
double insert_one_per_flush(SqliteStore& store, const std::vector<Interval>& all) {
  Stopwatch::time_point start = Stopwatch::now();
  for (const Interval& interval : all) {
    store.append(kUser, interval);
    store.save_last_seen(kUser, checkpoint(interval));
    if (!store.flush().written) std::fprintf(stderr, "flush failed\n");
  }
  return static_cast<double>(all.size()) / seconds_since(start);
}

double insert_in_one_flush(SqliteStore& store, const std::vector<Interval>& all) {
  Stopwatch::time_point start = Stopwatch::now();
  for (const Interval& interval : all) store.append(kUser, interval);
  store.save_last_seen(kUser, checkpoint(all.back()));
  if (!store.flush().written) std::fprintf(stderr, "flush failed\n");
  return static_cast<double>(all.size()) / seconds_since(start);
}

std::uintmax_t size_or_zero(const std::filesystem::path& path) {
  std::error_code error;
  std::uintmax_t size = std::filesystem::file_size(path, error);
  return error ? 0 : size;
}

// Sizes after PRAGMA wal_checkpoint(TRUNCATE), when everything is in the main file; the -wal
// size before it shows what the autocheckpoint settings leave lying around.
void print_size(const char* label, const std::filesystem::path& db, std::size_t rows) {
  std::uintmax_t wal_before = size_or_zero(db.string() + "-wal");
  SQLite::Database(db.string(), SQLite::OPEN_READWRITE).exec("PRAGMA wal_checkpoint(TRUNCATE)");
  std::uintmax_t main = size_or_zero(db);
  std::uintmax_t wal = size_or_zero(db.string() + "-wal");
  std::printf(
      "%-8s %6zu rows: file %7.1f KiB + wal %3.1f KiB = %6.3f MiB, %4.1f bytes/row "
      "(wal before checkpoint %.1f KiB)\n",
      label, rows, static_cast<double>(main) / 1024.0, static_cast<double>(wal) / 1024.0,
      static_cast<double>(main + wal) / 1048576.0,
      static_cast<double>(main + wal) / static_cast<double>(rows),
      static_cast<double>(wal_before) / 1024.0);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// The report `screentimectl` shows most: per-day totals of the last 365 days.
void time_year_report(const std::filesystem::path& db, WallTime now) {
  using screentime::core::kDefaultDayStart;
  auto last = screentime::core::attributed_day(now, 3600s, kDefaultDayStart);
  auto first = std::chrono::year_month_day(std::chrono::sys_days(last) - std::chrono::days(364));
  auto [from, to] = screentime::core::utc_range_of_days(first, last, kDefaultDayStart);
  SqliteStore store(db);
  std::vector<double> times_ms;
  std::vector<double> query_ms;
  std::size_t rows = 0;
  Duration active{};
  for (int run = 0; run < 5; ++run) {
    Stopwatch::time_point start = Stopwatch::now();
    std::vector<Interval> intervals = store.intervals(kUser, from, to);
    query_ms.push_back(seconds_since(start) * 1000.0);
    auto days = screentime::core::totals_per_day(intervals, first, last, kDefaultDayStart);
    times_ms.push_back(seconds_since(start) * 1000.0);
    rows = intervals.size();
    active = Duration{};
    for (const auto& day : days) active += day.totals[ActivityState::active];
  }
  std::printf(
      "per-day totals of the last 365 days (10-year file, %zu intervals read, %lld h "
      "active): runs",
      rows, static_cast<long long>(std::chrono::floor<std::chrono::hours>(active).count()));
  for (double ms : times_ms) std::printf(" %.2f", ms);
  std::printf(" ms; median %.2f ms (goal < 10 ms)\n", median(times_ms));
  std::printf("  of which store.intervals(): median %.2f ms\n", median(query_ms));
}

// Take-a-break events to go with a history: an eye reminder shown and taken in every active
// interval, about 60 a day (the daemon stores a few dozen).
std::vector<screentime::core::BreakEvent> break_events_of(const std::vector<Interval>& history) {
  using screentime::core::BreakEventType;
  std::vector<screentime::core::BreakEvent> result;
  for (const Interval& interval : history) {
    if (interval.state != ActivityState::active) continue;
    for (BreakEventType type : {BreakEventType::shown, BreakEventType::taken}) {
      result.push_back({.at = interval.start + (type == BreakEventType::shown ? 0s : 20s),
                        .offset = interval.utc_offset,
                        .kind = screentime::core::ReminderKind::eye,
                        .type = type,
                        .amount = type == BreakEventType::taken ? 20s : 0s,
                        .detail = {}});
    }
  }
  return result;
}

// Retention as the daemon runs it: purge_before() and the flush that deletes the rows, for
// one user of a file that holds kPurgeUsers users with kPurgeYears years each.
constexpr int kPurgeUsers = 4;
constexpr int kPurgeYears = 3;

std::filesystem::path write_users_file(const std::filesystem::path& dir, WallTime start) {
  std::filesystem::path file = dir / "users.db";
  std::size_t rows = 0;
  std::size_t events = 0;
  {
    SqliteStore store(file);
    for (int index = 0; index < kPurgeUsers; ++index) {
      const auto user = kUser + static_cast<screentime::core::UserId>(index);
      std::vector<Interval> history =
          HistoryGenerator(42 + static_cast<std::uint64_t>(index)).days(start, 365 * kPurgeYears);
      for (const Interval& interval : history) store.append(user, interval);
      for (const auto& event : break_events_of(history)) {
        store.append_break_event(user, event);
        ++events;
      }
      rows += history.size();
      if (!store.flush().written) std::fprintf(stderr, "flush failed\n");
    }
  }
  SQLite::Database(file.string(), SQLite::OPEN_READWRITE).exec("PRAGMA wal_checkpoint(TRUNCATE)");
  std::printf("retention: %d users x %d years, %zu intervals and %zu break events in all\n",
              kPurgeUsers, kPurgeYears, rows, events);
  return file;
}

// Each run works on a fresh copy of `original`, so every run deletes the same rows.
void time_purge(const std::filesystem::path& original, WallTime cutoff, const char* label) {
  std::filesystem::path copy = original.parent_path() / "users-purged.db";
  auto count = [&copy](const char* table) {
    SQLite::Database reader(copy.string(), SQLite::OPEN_READONLY);
    return reader.execAndGet(std::string("SELECT count(*) FROM ") + table).getInt64();
  };
  std::vector<double> times_ms;
  std::int64_t deleted_intervals = 0;
  std::int64_t deleted_events = 0;
  for (int run = 0; run < 5; ++run) {
    std::filesystem::remove(copy.string() + "-wal");
    std::filesystem::remove(copy.string() + "-shm");
    std::filesystem::copy_file(original, copy, std::filesystem::copy_options::overwrite_existing);
    SqliteStore store(copy);
    const std::int64_t intervals_before = count("intervals");
    const std::int64_t events_before = count("break_events");
    Stopwatch::time_point begin = Stopwatch::now();
    store.purge_before(kUser, cutoff);
    if (!store.flush().written) std::fprintf(stderr, "flush failed\n");
    times_ms.push_back(seconds_since(begin) * 1000.0);
    deleted_intervals = intervals_before - count("intervals");
    deleted_events = events_before - count("break_events");
  }
  std::printf("  purge %s of one user: deleted %lld intervals, %lld events; runs", label,
              static_cast<long long>(deleted_intervals), static_cast<long long>(deleted_events));
  for (double ms : times_ms) std::printf(" %.1f", ms);
  std::printf(" ms; median %.1f ms (purge_before + flush)\n", median(times_ms));
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path base =
      argc > 1 ? std::filesystem::path(argv[1]) : std::filesystem::temp_directory_path();
  std::string pattern = (base / "bench-store-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  std::filesystem::path dir = pattern;
  int status = 0;
  try {
    HistoryGenerator generator;
    WallTime start = WallTime{std::chrono::sys_days{std::chrono::year{2015} / 1 / 1}};
    std::vector<Interval> year = generator.days(start, 365);
    std::printf("one year: %zu intervals (%.1f a day), folder %s\n", year.size(),
                static_cast<double>(year.size()) / 365.0, dir.c_str());

    // Sizes are taken with the store still open: closing the last connection would fold the
    // -wal into the file and delete it, which a running daemon does not do.
    {
      SqliteStore store(dir / "one-per-flush.db");
      double per_flush = insert_one_per_flush(store, year);
      std::printf(
          "insert, one interval + last_seen per flush (daemon): %9.0f rows/s "
          "(%.2f ms a flush, mostly the commit's fsync)\n",
          per_flush, 1000.0 / per_flush);
      print_size("1 year", store.path(), year.size());
    }
    {
      SqliteStore store(dir / "1-year.db");
      double whole = insert_in_one_flush(store, year);
      std::printf("insert, the whole year in one flush:                 %9.0f rows/s\n", whole);
      print_size("1 year*", store.path(), year.size());
      std::printf("         (* written in one flush)\n");
    }

    // Ten years written a day at a time: the file grows the way a daemon's does.
    std::filesystem::path ten = dir / "10-years.db";
    WallTime now;
    {
      std::vector<Interval> decade = HistoryGenerator().days(start, 3652);
      now = decade.back().start;
      SqliteStore store(ten);
      WallTime day_end = start + 24h;
      for (const Interval& interval : decade) {
        if (interval.start >= day_end) {
          if (!store.flush().written) std::fprintf(stderr, "flush failed\n");
          day_end += 24h;
        }
        store.append(kUser, interval);
      }
      if (!store.flush().written) std::fprintf(stderr, "flush failed\n");
      print_size("10 years", ten, decade.size());
    }
    // The generated decade is gone by now: a daemon does not hold 20 MB of intervals either.
    time_year_report(ten, now);
    std::filesystem::path users = write_users_file(dir, start);
    time_purge(users, start + std::chrono::days(365), "the oldest year");
    // What the daemon's retention does once a day once history has reached its limit.
    time_purge(users, start + std::chrono::days(1), "the oldest day");
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench_store: %s\n", error.what());
    status = 1;
  }
  if (!std::getenv("BENCH_KEEP")) std::filesystem::remove_all(dir);
  return status;
}
