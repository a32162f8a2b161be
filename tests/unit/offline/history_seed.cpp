#include "tests/unit/offline/history_seed.hpp"

#include <chrono>
#include <stdexcept>
#include <vector>

#include "daemon/adapters/store/sqlite_store.hpp"

namespace screentime::tests {
namespace {

using namespace std::chrono;
using core::ActivityState;

// Summer time ends at 01:00 UTC on 2026-10-25.
const core::WallTime kSummerEnds = sys_days{2026y / October / 25} + hours{1};

core::UtcOffset offset_at(core::WallTime at) { return at < kSummerEnds ? hours{2} : hours{1}; }

// A local time on the day `day` of October 2026, `minutes` after its midnight (may pass into
// the next day). Never inside the repeated hour, so it has one UTC moment.
core::WallTime local(int day, int minutes) {
  const auto naive =
      core::WallTime{sys_days{2026y / October / day}} + std::chrono::minutes{minutes};
  const auto summer = naive - hours{2};
  return summer < kSummerEnds ? summer : naive - hours{1};
}

struct Mark {
  core::WallTime at;
  ActivityState state;
  const char* source;
};

int hm(int h, int m = 0) { return h * 60 + m; }

std::vector<Mark> timeline() {
  std::vector<Mark> marks = {{local(21, hm(4)), ActivityState::asleep, "logind"}};
  for (int day = 21; day <= 27; ++day) {
    const bool late = day == 22 || day == 24 || day == 26;
    marks.push_back({local(day, hm(8)), ActivityState::active, "x11"});
    marks.push_back({local(day, hm(10, 30)), ActivityState::idle, "x11"});
    marks.push_back({local(day, hm(10, 45)), ActivityState::active, "x11"});
    marks.push_back({local(day, hm(12)), ActivityState::locked, "logind"});
    marks.push_back({local(day, hm(13)), ActivityState::active, "x11"});
    marks.push_back({local(day, hm(15, 30)), ActivityState::asleep, "logind"});
    if (late) {
      marks.push_back({local(day, hm(23)), ActivityState::locked, "logind"});
      marks.push_back({local(day, hm(27)), ActivityState::active, "x11"});  // 03:00
      marks.push_back({local(day, hm(29)), ActivityState::asleep, "logind"});
    }
  }
  marks.push_back({local(28, hm(4)), ActivityState::unknown, "daemon"});  // the end
  return marks;
}

void add_break(adapters::SqliteStore& store, core::UserId user, core::WallTime at,
               core::ReminderKind kind, core::BreakEventType type, core::Duration amount = {}) {
  store.append_break_event(user, {at, offset_at(at), kind, type, amount, ""});
}

}  // namespace

void seed_history(const std::filesystem::path& path, core::UserId user) {
  adapters::SqliteStore store(path);
  const auto marks = timeline();
  for (std::size_t i = 0; i + 1 < marks.size(); ++i) {
    // Split at the offset change, as the daemon stores intervals.
    core::WallTime start = marks[i].at;
    const core::WallTime end = marks[i + 1].at;
    while (start < end) {
      const core::WallTime piece_end = start < kSummerEnds && end > kSummerEnds ? kSummerEnds : end;
      store.append(
          user, {marks[i].state, start, piece_end - start, offset_at(start), marks[i].source, ""});
      start = piece_end;
    }
  }
  using core::BreakEventType;
  using core::ReminderKind;
  for (int day = 21; day <= 27; ++day) {
    add_break(store, user, local(day, hm(8, 20)), ReminderKind::eye, BreakEventType::due);
    add_break(store, user, local(day, hm(8, 20)), ReminderKind::eye, BreakEventType::shown);
    add_break(store, user, local(day, hm(8, 21)), ReminderKind::eye, BreakEventType::taken,
              seconds{20});
    add_break(store, user, local(day, hm(9)), ReminderKind::movement, BreakEventType::due);
    add_break(store, user, local(day, hm(9)), ReminderKind::movement, BreakEventType::shown);
    add_break(store, user, local(day, hm(9, 1)), ReminderKind::movement, BreakEventType::snoozed,
              minutes{5});
    add_break(store, user, local(day, hm(10, 30)), ReminderKind::movement, BreakEventType::natural,
              minutes{15});
    add_break(store, user, local(day, hm(13, 20)), ReminderKind::eye, BreakEventType::due);
    add_break(store, user, local(day, hm(13, 20)), ReminderKind::eye, BreakEventType::shown);
    add_break(store, user, local(day, hm(13, 21)), ReminderKind::eye, BreakEventType::skipped);
  }
  // In the small hours after the change (03:30 CET): still the 24th, the day starting at 04:00.
  add_break(store, user, local(25, hm(3, 30)), ReminderKind::eye, BreakEventType::due);
  add_break(store, user, local(25, hm(3, 30)), ReminderKind::eye, BreakEventType::shown);
  add_break(store, user, local(25, hm(3, 31)), ReminderKind::eye, BreakEventType::taken,
            seconds{20});
  // A clean stop: the last checkpoint has nothing open.
  const auto end = marks.back().at;
  store.save_last_seen(user, {end, core::BootTime{hours{1}}, "seed", std::nullopt});
  if (const auto outcome = store.flush(); !outcome.written) {
    throw std::runtime_error("cannot seed " + path.string() + ": " + outcome.error);
  }
}

}  // namespace screentime::tests
