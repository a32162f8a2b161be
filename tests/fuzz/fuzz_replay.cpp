// Fuzz target: one line of a replay timeline (docs/replay.md). screentime-replay reports any
// std::exception as a bad line; nothing else may escape, and nothing may crash or leak.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string_view>

#include "daemon/replay/timeline_event.hpp"
#include "tests/fuzz/fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  try {
    (void)screentime::replay::format_line(line);
    (void)screentime::replay::parse_timeline_event(line);
  } catch (const std::exception&) {
  }
  return 0;
}
