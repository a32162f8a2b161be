#include "tests/integration/file_lines.hpp"

#include <fstream>
#include <thread>

namespace screentime::testing {

bool wait_for_file_line(const std::filesystem::path& file, const std::string& line,
                        std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    std::ifstream in(file);
    for (std::string read; std::getline(in, read);) {
      if (read == line) return true;
    }
    // The writer is another process with no other channel to us: look again shortly.
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  return false;
}

}  // namespace screentime::testing
