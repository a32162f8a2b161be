#pragma once
// LimitsInForce: the limits the system role applies, never none. The file's, when it reads
// without error; else the last good copy, kept in the state folder each time the file was
// taken. At a first start with a broken file and no copy, the daemon refuses to start rather
// than run without limits. Loop thread only.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "daemon/adapters/config/limits_loader.hpp"
#include "daemon/core/interval.hpp"
#include "daemon/core/limits.hpp"

namespace screentime::app {

// The limited users by uid, from one pass over the file's [user.*] tables.
struct LimitedUsers {
  std::map<core::UserId, core::UserLimits> limits;
  std::map<core::UserId, std::string> names;  // as the file gives them: a login name, or digits
};

class LimitsInForce {
 public:
  LimitsInForce(std::filesystem::path file, std::filesystem::path state_dir);

  // The file, else the last good copy. Throws std::runtime_error, naming the file's errors,
  // when neither can be used.
  void load_at_start();
  // Reads the file again: true when it was taken; false (logged) keeps what is in force.
  bool reload();
  // Sets (or with nullopt removes) `key` = `value` (TOML) for `user` in the file, the rest of
  // the file as it was, and takes the result: written atomically with the file's mode, and
  // only when it reads without error. Returns those errors (nothing written), else none.
  // Throws std::runtime_error when the file cannot be written.
  std::vector<adapters::ConfigDiagnostic> set_user_key(const std::string& user,
                                                       const std::string& key,
                                                       const std::optional<std::string>& value);

  const core::LimitsFile& limits() const { return limits_; }
  // The limited users by uid, with their limits and names: each login name resolved once,
  // now (an unknown name is logged and left out until a reload finds it).
  LimitedUsers resolve_users() const;
  // Only their limits.
  std::map<core::UserId, core::UserLimits> users() const { return resolve_users().limits; }
  // Writes the limited users' uids, one per line, to `limited-users` in the state folder
  // (0600): what pam_screentime reads to fail closed for them alone while the daemon does
  // not answer. Only when that changes what the file holds; logged when it cannot.
  void record_limited_users(const std::map<core::UserId, core::UserLimits>& users) const;
  // "file" or "last-good".
  const std::string& in_force() const { return in_force_; }
  const std::vector<adapters::ConfigDiagnostic>& errors() const { return errors_; }
  const std::filesystem::path& file() const { return file_; }

 private:
  void take(adapters::LimitsLoad load);
  std::filesystem::path copy_path() const;

  std::filesystem::path file_;
  std::filesystem::path state_dir_;
  core::LimitsFile limits_;
  std::string in_force_;
  std::vector<adapters::ConfigDiagnostic> errors_;
};

}  // namespace screentime::app
