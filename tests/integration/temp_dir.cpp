#include "tests/integration/temp_dir.hpp"

#include <stdlib.h>

#include <cerrno>
#include <system_error>

namespace screentime::testing {

TempDir::TempDir(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (!mkdtemp(pattern.data())) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;  // a test that failed half-way must not fail again here
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace screentime::testing
