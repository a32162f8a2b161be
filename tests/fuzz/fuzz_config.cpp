// Fuzz target: the config file's text (TOML) through the loader the daemon uses. Any text is
// taken or refused with located diagnostics, each at most a sane length; nothing escapes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/adapters/config/config_loader.hpp"
#include "tests/fuzz/fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto load = screentime::adapters::parse_config(text, "fuzz.toml");
  for (const auto& diagnostic : load.errors) {
    if (diagnostic.message.size() > 1024) std::abort();
  }
  return 0;
}
