#pragma once
// ReportTheme: the colours of a usage report, light or dark. Every fill is opaque and a whole
// 8-bit value, so a test reads a bar back from a PNG by its exact colour.

#include <cstdint>
#include <string_view>

namespace screentime::client {

struct Rgb {
  std::uint8_t red = 0, green = 0, blue = 0;
  bool operator==(const Rgb&) const = default;
};

struct ReportTheme {
  Rgb background, text, muted, grid, tile;
  Rgb bar, previous_bar, goal, limit, link;
  Rgb empty_hour;  // the hour map from empty_hour (no use) to bar (the busiest hour)
};

inline constexpr ReportTheme kLightTheme{
    .background = {0xff, 0xff, 0xff},
    .text = {0x1d, 0x1f, 0x24},
    .muted = {0x5f, 0x63, 0x6b},
    .grid = {0xe3, 0xe5, 0xea},
    .tile = {0xf3, 0xf4, 0xf7},
    .bar = {0x2f, 0x6f, 0xde},
    .previous_bar = {0xb8, 0xc7, 0xe0},
    .goal = {0xc7, 0x7c, 0x02},
    .limit = {0xc9, 0x2a, 0x2a},
    .link = {0x1a, 0x5f, 0xc4},
    .empty_hour = {0xee, 0xf0, 0xf4},
};

inline constexpr ReportTheme kDarkTheme{
    .background = {0x1b, 0x1d, 0x22},
    .text = {0xec, 0xed, 0xf0},
    .muted = {0xa3, 0xa7, 0xb0},
    .grid = {0x33, 0x37, 0x40},
    .tile = {0x26, 0x29, 0x30},
    .bar = {0x6c, 0xa0, 0xff},
    .previous_bar = {0x45, 0x4f, 0x66},
    .goal = {0xf2, 0xb8, 0x4b},
    .limit = {0xff, 0x6b, 0x6b},
    .link = {0x8a, 0xb4, 0xff},
    .empty_hour = {0x2a, 0x2d, 0x35},
};

// "light" or "dark"; anything else is light.
inline const ReportTheme& report_theme(std::string_view name) {
  return name == "dark" ? kDarkTheme : kLightTheme;
}

}  // namespace screentime::client
