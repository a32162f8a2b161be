#include "daemon/app/limits_in_force.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "daemon/adapters/config/limits_edit.hpp"
#include "daemon/adapters/system/user_account.hpp"

namespace screentime::app {
namespace {

void log_diagnostics(const adapters::LimitsLoad& load) {
  for (const auto& warning : load.warnings) spdlog::warn("{}", warning.to_string());
  for (const auto& error : load.errors) spdlog::error("{}", error.to_string());
}

// The umask may have narrowed the mode asked at creation.
bool set_mode(const std::string& path, mode_t mode) { return chmod(path.c_str(), mode) == 0; }

// Written whole or not at all: a crash mid-write leaves the previous copy.
bool write_private_file(const std::filesystem::path& path, const std::string& text,
                        mode_t mode = 0600) {
  const std::string temporary = path.string() + ".new";
  const int fd =
      open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) return false;
  const bool written =
      write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && fsync(fd) == 0;
  close(fd);
  return written && set_mode(temporary, mode) && rename(temporary.c_str(), path.c_str()) == 0;
}

// The whole of a small file, or nullopt when it cannot be read (or is not there).
std::optional<std::string> read_small_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return std::nullopt;
  return text;
}

}  // namespace

LimitsInForce::LimitsInForce(std::filesystem::path file, std::filesystem::path state_dir)
    : file_(std::move(file)), state_dir_(std::move(state_dir)) {}

std::filesystem::path LimitsInForce::copy_path() const {
  return state_dir_ / "limits.last-good.toml";
}

void LimitsInForce::take(adapters::LimitsLoad load) {
  limits_ = std::move(load.limits);
  in_force_ = "file";
  errors_.clear();
  if (!write_private_file(copy_path(), load.text)) {
    spdlog::warn("limits: cannot keep a copy in \"{}\": {}", copy_path().string(),
                 std::strerror(errno));
  }
  spdlog::info("limits loaded from \"{}\": {} user(s)", file_.string(), limits_.users.size());
}

void LimitsInForce::load_at_start() {
  auto load = adapters::load_limits_file(file_);
  log_diagnostics(load);
  if (load.ok()) return take(std::move(load));
  errors_ = load.errors;
  auto kept = adapters::load_limits_file(copy_path());
  if (!kept.ok()) {
    throw std::runtime_error("the limits file \"" + file_.string() + "\" has " +
                             std::to_string(errors_.size()) +
                             " error(s) and no good copy was kept; refusing to run without "
                             "limits (first: " +
                             errors_.front().to_string() + ")");
  }
  limits_ = std::move(kept.limits);
  in_force_ = "last-good";
  spdlog::error("limits: \"{}\" has errors; the last good limits (\"{}\") stay in force",
                file_.string(), copy_path().string());
}

bool LimitsInForce::reload() {
  auto load = adapters::load_limits_file(file_);
  log_diagnostics(load);
  if (load.ok()) {
    take(std::move(load));
    return true;
  }
  errors_ = load.errors;
  in_force_ = in_force_ == "file" ? "last-good" : in_force_;
  spdlog::error("limits: \"{}\" has {} error(s); the limits in force stay", file_.string(),
                errors_.size());
  return false;
}

namespace {

std::optional<core::UserId> resolve(const std::string& key) {
  const bool digits = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
  return digits ? std::optional<core::UserId>(std::stoul(key)) : adapters::uid_of(key);
}

}  // namespace

// Each name is looked up once (NSS may ask a directory server), for the limits and the names
// alike.
LimitedUsers LimitsInForce::resolve_users() const {
  LimitedUsers found;
  for (const auto& [key, limits] : limits_.users) {
    const auto uid = resolve(key);
    if (!uid) {
      spdlog::warn("limits: no user \"{}\" on this machine; not limited until one exists", key);
      continue;
    }
    found.limits[*uid] = limits;
    found.names[*uid] = key;
  }
  return found;
}

void LimitsInForce::record_limited_users(
    const std::map<core::UserId, core::UserLimits>& users) const {
  std::string text;
  for (const auto& [uid, limits] : users) text += std::to_string(uid) + "\n";
  const auto path = state_dir_ / "limited-users";
  // Most reloads leave the list as it was: the file (fsynced when written) is then left alone,
  // here and at a restart.
  if (read_small_file(path) == text) return;
  if (!write_private_file(path, text)) {
    spdlog::warn(
        "limits: cannot write \"{}\": {}; logins are checked only while the daemon "
        "answers",
        path.string(), std::strerror(errno));
  }
}

std::vector<adapters::ConfigDiagnostic> LimitsInForce::set_user_key(
    const std::string& user, const std::string& key, const std::optional<std::string>& value) {
  auto current = adapters::load_limits_file(file_);
  // A file that is not there yet starts empty; one that cannot be read is not overwritten.
  struct stat info {};
  const bool exists = stat(file_.c_str(), &info) == 0;
  if (exists && current.text.empty() && !current.errors.empty()) return current.errors;
  const std::string edited = adapters::set_user_key(current.text, user, key, value);
  auto load = adapters::parse_limits(edited, file_.string());
  if (!load.ok()) return load.errors;
  load.text = edited;
  if (!write_private_file(file_, edited, exists ? (info.st_mode & 07777) : 0644)) {
    throw std::runtime_error("cannot write \"" + file_.string() + "\": " + std::strerror(errno));
  }
  spdlog::info("limits: {} of {} set in \"{}\"", key, user, file_.string());
  take(std::move(load));
  return {};
}

}  // namespace screentime::app
