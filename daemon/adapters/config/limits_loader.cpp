#include "daemon/adapters/config/limits_loader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <optional>
#include <string>
#include <system_error>
#include <tuple>

#include "daemon/adapters/config/limits_diagnostics.hpp"
#include "daemon/adapters/config/limits_layer.hpp"
#include "daemon/adapters/config/limits_values.hpp"

namespace screentime::adapters {
namespace {

void read_general(const toml::node& node, core::LimitsFile& limits,
                  LimitsDiagnostics& diagnostics) {
  const toml::table* table = node.as_table();
  if (!table) {
    diagnostics.expected(node, "general", "a [general] table");
    return;
  }
  for (const auto& [name, value] : *table) {
    const std::string key = key_path("general", name.str());
    if (name.str() == "session_types") {
      if (auto types = read_session_types(value, key, diagnostics)) {
        limits.session_types = std::move(*types);
      }
    } else if (name.str() == "count_remote") {
      limits.count_remote = read_bool(value, key, diagnostics).value_or(limits.count_remote);
    } else if (name.str() == "admin_group") {
      limits.admin_group = read_group_name(value, key, diagnostics).value_or(limits.admin_group);
    } else if (name.str() == "request_command") {
      if (auto command = read_command(value, key, diagnostics)) {
        limits.request_command = std::move(*command);
      }
    } else if (name.str() == "request_command_user") {
      limits.request_command_user =
          read_user_name(value, key, diagnostics).value_or(limits.request_command_user);
    } else {
      diagnostics.unknown_key(value, key);
    }
  }
}

LimitsLayer read_defaults(const toml::table& root, LimitsDiagnostics& diagnostics) {
  const toml::node* node = root.get("defaults");
  if (!node) return {};
  if (const toml::table* table = node->as_table()) {
    return read_limits_layer(*table, "defaults", diagnostics);
  }
  diagnostics.expected(*node, "defaults", "a [defaults] table");
  return {};
}

// A user is named by a login name or a uid; the daemon, which can ask the system, resolves it.
void read_users(const toml::node& node, const LimitsLayer& defaults, core::LimitsFile& limits,
                LimitsDiagnostics& diagnostics) {
  const toml::table* users = node.as_table();
  if (!users) {
    diagnostics.expected(node, "user", "a [user.NAME] table for each limited user");
    return;
  }
  for (const auto& [name, value] : *users) {
    const std::string key = key_path("user", name.str());
    if (!is_login_name(name.str()) && !is_uid(name.str())) {
      diagnostics.error(name.source(),
                        "user: expected a login name (a-z, 0-9, \"_\" and \"-\", up to 32 "
                        "characters) or a uid, got \"" +
                            std::string(name.str()) + "\"");
    } else if (const toml::table* table = value.as_table()) {
      limits.users.emplace(name.str(),
                           resolve_limits(read_limits_layer(*table, key, diagnostics), defaults));
    } else {
      diagnostics.expected(value, key, "a table of limits, such as [" + key + "]");
    }
  }
}

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

// The file's text, or the reason it was not read. A FIFO or device is refused before any read
// (O_NONBLOCK keeps the open itself from waiting on a FIFO), a large file by its size.
std::optional<std::string> read_limited_file(const std::filesystem::path& path,
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
  if (static_cast<std::uintmax_t>(status.st_size) > kMaxLimitsFileSize) {
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
    if (text.size() > kMaxLimitsFileSize) {
      reason = kTooLarge;
      return std::nullopt;
    }
  }
}

}  // namespace

LimitsLoad parse_limits(std::string_view text, const std::string& origin) {
  LimitsLoad load;
  const auto root = parse_toml(text, origin, load.errors);
  if (!root) return load;
  LimitsDiagnostics diagnostics(origin, load.errors, load.warnings);
  const LimitsLayer defaults = read_defaults(*root, diagnostics);
  for (const auto& [name, node] : *root) {
    if (name.str() == "general") {
      read_general(node, load.limits, diagnostics);
    } else if (name.str() == "user") {
      read_users(node, defaults, load.limits, diagnostics);
    } else if (name.str() != "defaults") {
      diagnostics.warning(node.source(),
                          "unknown section [" + std::string(name.str()) + "], ignoring");
    }
  }
  // toml++ keeps tables sorted by key; report in the order the file reads.
  const auto by_place = [](const ConfigDiagnostic& a, const ConfigDiagnostic& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  };
  std::stable_sort(load.errors.begin(), load.errors.end(), by_place);
  std::stable_sort(load.warnings.begin(), load.warnings.end(), by_place);
  return load;
}

LimitsLoad load_limits_file(const std::filesystem::path& path) {
  std::string reason;
  const auto text = read_limited_file(path, reason);
  if (!text) {
    LimitsLoad load;
    load.errors.push_back({path.string(), 0, 0, reason});
    return load;
  }
  LimitsLoad load = parse_limits(*text, path.string());
  load.text = *text;
  return load;
}

}  // namespace screentime::adapters
