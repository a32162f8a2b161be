#include "client/offline_history.hpp"

#include "client/daemon_connection.hpp"
#include "client/output.hpp"
#include "daemon/adapters/config/config_loader.hpp"
#include "daemon/adapters/store/history_path.hpp"
#include "daemon/adapters/store/sqlite_store.hpp"
#include "daemon/app/break_days.hpp"
#include "daemon/app/config_lookup.hpp"
#include "daemon/app/config_view.hpp"
#include "daemon/app/usage_report.hpp"
#include "daemon/core/accounting.hpp"
#include "daemon/core/history_store.hpp"
#include "daemon/i18n/i18n.hpp"
#include "daemon/protocol/arguments.hpp"
#include "daemon/protocol/break_replies.hpp"
#include "daemon/protocol/wire.hpp"

namespace screentime::client {
namespace {

using nlohmann::json;

// No history file yet: every day is empty. Writes are never made offline.
class NoHistory final : public core::HistoryStore {
 public:
  void append(core::UserId, const core::Interval&) override {}
  void save_last_seen(core::UserId, const core::LastSeen&) override {}
  void append_break_event(core::UserId, const core::BreakEvent&) override {}
  void save_break_snapshot(core::UserId, const core::BreakSnapshot&) override {}
  core::FlushOutcome flush() override { return {}; }
  std::size_t pending() const override { return 0; }
  std::optional<core::LastSeen> last_seen(core::UserId) override { return std::nullopt; }
  std::optional<core::BreakSnapshot> break_snapshot(core::UserId) override { return std::nullopt; }
  std::vector<core::Interval> intervals(core::UserId, core::WallTime, core::WallTime) override {
    return {};
  }
  std::vector<core::BreakEvent> break_events(core::UserId, core::WallTime,
                                             core::WallTime) override {
    return {};
  }
  void purge_before(core::UserId, core::WallTime) override {}
};

struct LoadedConfig {
  core::Config config;
  std::string in_force;
};

// As the daemon starts: the file, or the built-in defaults when there is none or it has errors.
LoadedConfig load_config(const std::optional<std::filesystem::path>& file) {
  if (!file) return {core::Config{}, "defaults"};
  auto load = adapters::load_config_file(*file);
  if (!load.ok()) return {core::Config{}, "defaults-after-error"};
  return {std::move(load.config), "file"};
}

}  // namespace

OfflineFiles find_offline_files(const std::optional<std::filesystem::path>& config_home,
                                const std::optional<std::filesystem::path>& state_home) {
  OfflineFiles files;
  files.config_file = app::find_config_file(std::nullopt, config_home);
  const auto loaded = load_config(files.config_file);
  files.database = loaded.config.database.empty() ? adapters::default_history_path(state_home)
                                                  : std::filesystem::path(loaded.config.database);
  return files;
}

OfflineHistory::OfflineHistory(const core::Clock& clock, const OfflineFiles& files,
                               core::UserId user)
    : clock_(clock), database_(files.database), config_file_(files.config_file), user_(user) {
  auto loaded = load_config(config_file_);
  config_ = std::move(loaded.config);
  in_force_ = std::move(loaded.in_force);
  std::error_code ignored;
  has_history_ = std::filesystem::exists(database_, ignored);
  if (!has_history_) {
    store_ = std::make_unique<NoHistory>();
    return;
  }
  auto store = std::make_unique<adapters::SqliteStore>(
      database_, adapters::SqliteStoreOptions{.busy_timeout = std::chrono::milliseconds{50},
                                              .max_page_count = std::nullopt,
                                              .read_only = true});
  // A daemon that did not stop cleanly left its open interval in the last checkpoint; its
  // next start stores it as it stood then. Queued in memory only, so the figures count it as
  // the daemon will, and nothing is written.
  if (const auto last = store->last_seen(user_); last && last->open) {
    if (last->open->duration > core::Duration::zero()) store->append(user_, *last->open);
  }
  store_ = std::move(store);
}

OfflineHistory::~OfflineHistory() = default;

json OfflineHistory::request(const std::string& command, json args) {
  const auto* spec = protocol::find_command(command);
  const bool answered =
      command == "status" || command == "usage" || command == "breaks" || command == "config.get";
  if (spec == nullptr || !answered) {
    throw DaemonNotRunning(format_tr(i18n::tr("screentimed is not running; {} needs it"), command));
  }
  try {
    const auto arguments = protocol::validate_arguments(*spec, args);
    // Not running, so nothing is open now: the report has only what was stored.
    const core::Accountant stopped(clock_, "");
    const app::UsageReport report(clock_, *store_, stopped, user_, config_.day_start);
    if (command == "status") {
      protocol::StateReply state;
      state.state = "unknown";
      state.today = report.day(report.today());
      json result = to_json(state);
      result["database"] = database_.string();
      result["limits"] = nullptr;
      return result;
    }
    if (command == "usage") return to_json(app::usage_reply(report, arguments));
    if (command == "breaks") {
      json result = to_json(app::break_days(report.today(), config_.day_start, arguments,
                                            [this](core::WallTime from, core::WallTime to) {
                                              return store_->break_events(user_, from, to);
                                            }));
      result["breaks"] = nullptr;  // the reminders' state now: none, nothing runs
      return result;
    }
    return to_json(
        protocol::ConfigReply{config_file_ ? std::optional(config_file_->string()) : std::nullopt,
                              in_force_, app::config_view(config_)});
  } catch (const protocol::ProtocolError& error) {
    throw RequestFailed(std::string(protocol::to_string(error.code())), error.what());
  }
}

}  // namespace screentime::client
