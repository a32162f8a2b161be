#pragma once
// Durations as people write them in config files and requests: "20s", "20m", "1h30m",
// "500ms", "2d".

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace screentime::protocol {

using Duration = std::chrono::milliseconds;

// nullopt unless `text` is one or more <integer><unit> parts, units in decreasing order.
std::optional<Duration> parse_duration(std::string_view text);
// The shortest such text for `duration` ("1h30m", "0s").
std::string format_duration(Duration duration);

}  // namespace screentime::protocol
