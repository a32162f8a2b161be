// bench_seed_history: writes a plausible history for demonstrations and end-to-end figures:
// the last WEEKS weeks up to yesterday, office hours on weekdays with lunch and short pauses,
// evenings, lighter weekends, and the break reminders of each stretch (most taken, some
// skipped or snoozed). Deterministic for a given end day. Local time is the process's zone.
//   bench_seed_history DATABASE [WEEKS]   (default 5)

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include "daemon/adapters/store/sqlite_store.hpp"

namespace {

using namespace std::chrono;
using namespace screentime;

seconds offset_at(sys_seconds moment) {
  const time_t t = system_clock::to_time_t(moment);
  tm local{};
  localtime_r(&t, &local);
  return seconds{local.tm_gmtoff};
}

// A small deterministic generator, so the same day always gets the same shape.
struct Dice {
  std::uint32_t state;
  int roll(int sides) {
    state = state * 1664525u + 1013904223u;
    return static_cast<int>((state >> 8) % static_cast<std::uint32_t>(sides));
  }
};

class Seeder {
 public:
  explicit Seeder(adapters::SqliteStore& store) : store_(store) {}

  // Active from `from` (local minutes after midnight of `day`) for `minutes`, with an eye
  // reminder every 20 minutes of it.
  void active(sys_days day, int from, int minutes, Dice& dice) {
    const sys_seconds local_start = day + std::chrono::minutes{from};
    const seconds offset = offset_at(local_start - hours{1});
    const auto start = time_point_cast<milliseconds>(local_start - offset);
    interval(core::ActivityState::active, start, std::chrono::minutes{minutes}, offset);
    for (int at = 20; at <= minutes; at += 20) {
      const auto when = start + std::chrono::minutes{at};
      event(when, offset, core::BreakEventType::due);
      event(when, offset, core::BreakEventType::shown);
      const int answer = dice.roll(10);
      event(when + 20s, offset,
            answer < 6   ? core::BreakEventType::taken
            : answer < 8 ? core::BreakEventType::snoozed
                         : core::BreakEventType::skipped);
    }
    last_end_ = start + std::chrono::minutes{minutes};
    last_offset_ = offset;
  }
  // Idle until the next active stretch: what lies between two of them.
  void idle_until(sys_days day, int at) {
    const sys_seconds local = day + std::chrono::minutes{at};
    const auto next = time_point_cast<milliseconds>(local - offset_at(local - hours{1}));
    if (next > last_end_)
      interval(core::ActivityState::idle, last_end_, next - last_end_, last_offset_);
  }

 private:
  void interval(core::ActivityState state, core::WallTime start, core::Duration length,
                seconds offset) {
    core::Interval interval;
    interval.state = state;
    interval.start = start;
    interval.duration = length;
    interval.utc_offset = offset;
    interval.source = "x11";
    store_.append(getuid(), interval);
  }
  void event(core::WallTime at, seconds offset, core::BreakEventType type) {
    store_.append_break_event(getuid(), {at, offset, core::ReminderKind::eye, type, {}, {}});
  }

  adapters::SqliteStore& store_;
  core::WallTime last_end_{};
  seconds last_offset_{};
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_seed_history DATABASE [WEEKS]\n");
    return 2;
  }
  const int weeks = argc > 2 ? std::stoi(argv[2]) : 5;
  adapters::SqliteStore store(argv[1]);
  Seeder seeder(store);
  const auto now = floor<seconds>(system_clock::now());
  const sys_days today = floor<days>(now + offset_at(now));
  for (sys_days day = today - days{7 * weeks}; day < today; day += days{1}) {
    Dice dice{static_cast<std::uint32_t>(day.time_since_epoch().count())};
    const bool weekend = weekday{day}.c_encoding() % 6 == 0;
    // Stretches as (start, minutes) in local time; the dice move and stretch them a little.
    const int shift = dice.roll(30);
    const int weekday_stretches[][2] = {{8 * 60 + 40, 80},  {10 * 60 + 15, 95}, {13 * 60 + 5, 110},
                                        {15 * 60 + 10, 85}, {20 * 60 + 30, 50}, {22 * 60, 25}};
    const int weekend_stretches[][2] = {{10 * 60, 40}, {15 * 60, 35}, {21 * 60, 70}};
    int previous_end = -1;  // minutes after midnight; -1: none yet today
    const auto seed = [&](const int(*stretches)[2], int count) {
      for (int i = 0; i < count; ++i) {
        if (dice.roll(8) == 0) continue;  // some days skip a stretch
        // A few minutes after the one before at least: a pause long enough to be a break.
        const int from = std::max(stretches[i][0] + shift, previous_end + 5 + dice.roll(10));
        const int minutes = stretches[i][1] + dice.roll(40) - 15;
        if (previous_end >= 0) seeder.idle_until(day, from);
        seeder.active(day, from, minutes, dice);
        previous_end = from + minutes;
      }
    };
    if (weekend) {
      seed(weekend_stretches, 3);
    } else {
      seed(weekday_stretches, 6);
    }
  }
  store.flush();
  std::printf("seeded %d weeks up to yesterday into %s\n", weeks, argv[1]);
  return 0;
}
