#pragma once
// Waiting for a line that another process (a test peer, the daemon's helper) writes to a
// file: the event a test waits on when that process has no other way to say it happened.

#include <chrono>
#include <filesystem>
#include <string>

namespace screentime::testing {

// Waits for `file` to hold the line `line`: true once it does, false after `timeout`.
bool wait_for_file_line(const std::filesystem::path& file, const std::string& line,
                        std::chrono::milliseconds timeout);

}  // namespace screentime::testing
