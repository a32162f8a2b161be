// Fuzz target: the limits file's text (TOML) through the system role's loader. Any text is
// taken or refused with diagnostics; nothing escapes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon/adapters/config/limits_loader.hpp"
#include "tests/fuzz/fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)screentime::adapters::parse_limits(text, "fuzz-limits.toml");
  return 0;
}
