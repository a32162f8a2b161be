#pragma once
// The protocol's limits and allowed values (docs/protocol.md), shared by the daemon, which
// enforces them, and screentimectl, which checks its own arguments against the same numbers.

#include <array>
#include <chrono>
#include <cstddef>
#include <string_view>

namespace screentime::protocol {

// Totals per day or hour are computed for every day asked: this bounds the work one `usage`
// request can ask for (ten years). By interval there is no bound: only stored rows are read.
inline constexpr int kMaxReportDays = 3660;
// By hour, 24 entries a day: ten years took the loop 3.3 s and made a 12 MB reply, so a year.
inline constexpr int kMaxHourReportDays = 366;
// By interval, a reply carries at most this many (about 2 MB) and says where the next starts.
inline constexpr std::size_t kMaxIntervalsPerReply = 10000;
// `breaks` counts every event of every day asked; a year is the longest view anyone reads.
inline constexpr int kMaxBreakReportDays = 366;
// Longer than a working week off is not a pause: the breaks are then turned off in the config.
inline constexpr std::chrono::days kLongestPause{7};
// The most one grant adds.
inline constexpr std::chrono::hours kLongestGrant{24};
// The words of a request for more time.
inline constexpr std::size_t kMaxRequestReason = 200;
// A request's number, as digits.
inline constexpr std::size_t kMaxRequestId = 20;
// A user named in a request: a login name or a uid.
inline constexpr std::size_t kMaxUserName = 256;
// The longest config text `config.check` takes: far more than a config needs, and a request
// that carries it stays well inside the 64 KiB line limit even with every byte escaped.
inline constexpr std::size_t kMaxConfigText = 16 * 1024;
// How many languages a `resources` request may list.
inline constexpr std::size_t kMaxLanguages = 8;

inline constexpr std::array<std::string_view, 3> kUsageGroupings = {"day", "hour", "interval"};
inline constexpr std::array<std::string_view, 3> kBreakAnswers = {"take", "snooze", "skip"};
// The keys `limits.set` changes for a user: each every-day key, and per weekday its
// allowance and hours.
inline constexpr std::array<std::string_view, 21> kLimitKeys = {"daily",
                                                                "weekly",
                                                                "allowed_hours",
                                                                "warnings",
                                                                "action",
                                                                "grace",
                                                                "count_idle",
                                                                "weekday.mon.daily",
                                                                "weekday.tue.daily",
                                                                "weekday.wed.daily",
                                                                "weekday.thu.daily",
                                                                "weekday.fri.daily",
                                                                "weekday.sat.daily",
                                                                "weekday.sun.daily",
                                                                "weekday.mon.allowed_hours",
                                                                "weekday.tue.allowed_hours",
                                                                "weekday.wed.allowed_hours",
                                                                "weekday.thu.allowed_hours",
                                                                "weekday.fri.allowed_hours",
                                                                "weekday.sat.allowed_hours",
                                                                "weekday.sun.allowed_hours"};
// The longest value `limits.set` takes.
inline constexpr std::size_t kMaxLimitValue = 1024;
// How the parents' report groups a limited user's time.
inline constexpr std::array<std::string_view, 2> kLimitUsageGroupings = {"day", "hour"};
// A parent's answers to a request for more time.
inline constexpr std::array<std::string_view, 2> kRequestAnswers = {"grant", "deny"};
// The resource catalog's categories, in the order they are shown: support first, because
// someone in need should not have to scroll. The same as core::kResourceCategories.
inline constexpr std::array<std::string_view, 11> kResourceCategories = {
    "support", "eyes",          "movement",       "sleep",      "wellbeing", "habits",
    "parents", "online-safety", "media-literacy", "body-image", "reporting"};

}  // namespace screentime::protocol
