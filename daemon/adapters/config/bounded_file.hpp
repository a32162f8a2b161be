#pragma once
// Reads a file a person writes by hand (the config, the limits file, a resource catalog)
// without trusting what is there: only a regular file (a FIFO or a device, such as a symlink to
// /dev/zero, is refused before any read, and the open itself never waits), of at most
// kMaxConfigFileSize, read to its end. Private to adapters/config.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace screentime::adapters {

// Such files are a few KiB; one larger than this is refused before it is read.
inline constexpr std::uintmax_t kMaxConfigFileSize = 1024 * 1024;

// The file's text, or nullopt with the reason it was not read ("not a regular file, not read",
// "larger than 1 MiB, not read", "cannot be read: …").
std::optional<std::string> read_bounded_file(const std::filesystem::path& path,
                                             std::string& reason);

}  // namespace screentime::adapters
