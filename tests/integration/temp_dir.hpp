#pragma once
// TempDir: a private folder for one test (mode 0700, as the daemon's control socket and
// XDG_RUNTIME_DIR want), removed with everything in it when the test ends.

#include <filesystem>
#include <string>

namespace screentime::testing {

class TempDir {
 public:
  // Under the system's temp folder, named PREFIX-XXXXXX. Throws std::system_error.
  explicit TempDir(const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string string() const { return path_.string(); }
  std::filesystem::path operator/(const std::filesystem::path& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace screentime::testing
