#include "daemon/adapters/config/bounded_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <string_view>
#include <system_error>

namespace screentime::adapters {
namespace {

// Closes the file however the reading ends.
class FileCloser {
 public:
  explicit FileCloser(int fd) : fd_(fd) {}
  FileCloser(const FileCloser&) = delete;
  FileCloser& operator=(const FileCloser&) = delete;
  ~FileCloser() { ::close(fd_); }

 private:
  int fd_;
};

std::string errno_text() { return "cannot be read: " + std::generic_category().message(errno); }

}  // namespace

std::optional<std::string> read_bounded_file(const std::filesystem::path& path,
                                             std::string& reason) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    reason = errno_text();
    return std::nullopt;
  }
  const FileCloser closer(fd);
  struct stat status {};
  if (::fstat(fd, &status) != 0) {
    reason = errno_text();
    return std::nullopt;
  }
  if (!S_ISREG(status.st_mode)) {
    reason = "not a regular file, not read";
    return std::nullopt;
  }
  constexpr std::string_view kTooLarge = "larger than 1 MiB, not read";
  if (static_cast<std::uintmax_t>(status.st_size) > kMaxConfigFileSize) {
    reason = kTooLarge;
    return std::nullopt;
  }
  // Read to the end, not to st_size: the file may have grown since fstat.
  std::string text;
  text.reserve(static_cast<std::size_t>(status.st_size));
  std::array<char, 16 * 1024> chunk;
  for (;;) {
    const ssize_t got = ::read(fd, chunk.data(), chunk.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      reason = errno_text();
      return std::nullopt;
    }
    if (got == 0) return text;
    text.append(chunk.data(), static_cast<std::size_t>(got));
    if (text.size() > kMaxConfigFileSize) {
      reason = kTooLarge;
      return std::nullopt;
    }
  }
}

}  // namespace screentime::adapters
