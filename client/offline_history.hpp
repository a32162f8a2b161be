#pragma once
// OfflineHistory: answers the read commands the usage views send (status, usage, breaks,
// config.get) from the history file and the user's config while screentimed is stopped, with
// the daemon's own code, so the figures are the ones it would give. The file is opened
// read-only: never created, written or locked for writing.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "client/read_source.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/config.hpp"
#include "daemon/core/interval.hpp"

namespace screentime::core {
class HistoryStore;
}

namespace screentime::client {

// Where the daemon would find its history and config, resolved as it resolves them.
struct OfflineFiles {
  std::filesystem::path database;
  std::optional<std::filesystem::path> config_file;  // none: built-in defaults
};

// `config_home`, `state_home`: the user's XDG folders as the daemon resolves them (main reads
// the environment). The config file's `[history] database` decides the database, as in the
// daemon; a config with errors counts as the built-in defaults, as the daemon starts with.
OfflineFiles find_offline_files(const std::optional<std::filesystem::path>& config_home,
                                const std::optional<std::filesystem::path>& state_home);

class OfflineHistory final : public ReadSource {
 public:
  // Throws std::runtime_error when the database exists but cannot be read.
  OfflineHistory(const core::Clock& clock, const OfflineFiles& files, core::UserId user);
  ~OfflineHistory() override;

  nlohmann::json request(const std::string& command,
                         nlohmann::json args = nlohmann::json::object()) override;
  const char* source_name() const override { return "history-file"; }

  // Whether the database file exists; without it every day is empty ("no history yet").
  bool has_history() const { return has_history_; }
  const std::filesystem::path& database() const { return database_; }

 private:
  const core::Clock& clock_;
  std::filesystem::path database_;
  std::optional<std::filesystem::path> config_file_;
  std::string in_force_;
  core::Config config_;
  core::UserId user_;
  bool has_history_ = false;
  std::unique_ptr<core::HistoryStore> store_;
};

}  // namespace screentime::client
