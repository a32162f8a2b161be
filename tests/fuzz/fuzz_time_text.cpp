// Fuzz target: the duration, date, time-of-day and ISO 8601 parsers of the protocol and the
// files. Each may refuse; what one accepts formats back to text that parses to the same value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/protocol/duration_text.hpp"
#include "daemon/protocol/iso8601.hpp"
#include "tests/fuzz/fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace screentime::protocol;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto duration = parse_duration(text)) {
    if (parse_duration(format_duration(*duration)) != duration) std::abort();
  }
  if (const auto at = parse_iso8601(text)) {
    const auto back = parse_iso8601(format_iso8601(at->utc, at->offset));
    if (!back || back->utc != at->utc || back->offset != at->offset) std::abort();
  }
  if (const auto date = parse_iso_date(text)) {
    if (parse_iso_date(format_iso_date(*date)) != date) std::abort();
  }
  (void)parse_time_of_day(text);
  return 0;
}
