#include "daemon/app/manager.hpp"

#include <malloc.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>
#include <stdexcept>

#include "daemon/adapters/config/resource_catalog_loader.hpp"
#include "daemon/adapters/notify/helper_launcher.hpp"
#include "daemon/adapters/system/loop_edge.hpp"
#include "daemon/adapters/system/sd_notify.hpp"
#include "daemon/adapters/system/system_clock.hpp"
#include "daemon/app/config_lookup.hpp"
#include "daemon/core/schedule.hpp"
#include "daemon/protocol/duration_text.hpp"
#include "daemon/protocol/limit_standing.hpp"
#include "daemon/protocol/wire.hpp"

namespace screentime::app {
namespace {

constexpr core::Duration kRetentionCheckEvery = std::chrono::hours{24};
// At a stop, history that cannot be written yet (a locked file) is retried on the store's
// back-off for at most this long; then the daemon exits and says what was lost.
constexpr core::Duration kShutdownGrace = std::chrono::seconds{2};
constexpr core::Duration kFirstRetryAtExit = std::chrono::milliseconds{200};

}  // namespace

Manager::Manager(boost::asio::io_context& io, const core::Clock& clock,
                 std::unique_ptr<core::HistoryStore> store, ManagerSetup setup,
                 core::LimitRecords* limit_records)
    : io_(io),
      clock_(clock),
      store_(std::move(store)),
      setup_(std::move(setup)),
      timer_(io, [this] { on_deadline(); }),
      signals_(io, SIGTERM, SIGINT, SIGHUP),
      commands_(*this),
      control_(io, clock_, setup_.socket, commands_,
               setup_.system ? adapters::SocketAccess::everyone : adapters::SocketAccess::owner),
      system_bus_(io, adapters::SdBusConnection::Bus::kSystem) {
  control_.server().deadline_changed = [this] { rearm(); };
  RuntimeHost& host = *this;
  if (setup_.system) {
    helpers_ = std::make_unique<adapters::HelperLauncher>(io, setup_.system->user_bus_template);
    if (limit_records == nullptr) {
      throw std::logic_error("the system role needs a store that keeps grants and requests");
    }
    system_ = std::make_unique<SystemRole>(system_bus_, clock_, *store_, *limit_records, host,
                                           *helpers_, *helpers_, *setup_.system);
    commands_.serve_system_role(*system_);
    standings_ = std::make_unique<StandingBroadcast>(*system_, control_);
    return;
  }
  const core::UserId user = setup_.user.user;
  users_.emplace(user, std::make_unique<UserRuntime>(io, system_bus_, clock_, *store_, host,
                                                     setup_.user, setup_.config.config));
  if (!setup_.system_socket.empty()) {
    limits_feed_ = std::make_unique<adapters::LimitsFeed>(
        io, setup_.system_socket, [this, user](const nlohmann::json& standing) {
          standing_at_ = clock_.now().boot;
          control_.publish_limits(user, standing);
        });
  }
}

UserRuntime& Manager::user_runtime() {
  if (users_.empty()) {
    throw protocol::ProtocolError(protocol::ErrorCode::refused,
                                  "the system role does not answer this command yet");
  }
  return *users_.begin()->second;
}

const UserRuntime& Manager::user_runtime() const {
  return const_cast<Manager&>(*this).user_runtime();
}

void Manager::start() {
  // SIGPIPE would kill the daemon when a client goes away mid-reply.
  std::signal(SIGPIPE, SIG_IGN);
  // First: a second daemon for the same user must stop here, before it writes anything.
  control_.start();
  started_ = true;
  say_damage();
  if (system_) system_->start();
  for (auto& [user, runtime] : users_) runtime->start();
  if (limits_feed_) limits_feed_->start();
  watch_files();
  wait_for_signal();
  rearm();
  wait_for_sources();
  // What start-up read and parsed (config, catalogs, the first answers) is freed by now; give
  // the free heap back rather than keep it mapped for the daemon's whole life.
  malloc_trim(0);
  if (!stop_by_) adapters::notify_systemd("READY=1");
}

void Manager::wait_for_sources() {
  // Not a nested wait: the loop itself runs here, before io.run(), answering the control
  // socket and firing the one deadline timer (which gives up on a peer that does not answer).
  const auto answered = [this] {
    return std::ranges::all_of(users_,
                               [](const auto& each) { return each.second->sources_started(); });
  };
  while (!answered() && !io_.stopped()) io_.run_one();
}

void Manager::state_changed(core::UserId user) {
  if (standings_) {
    standings_->changed(user);
  } else {
    control_.publish_state();
  }
}

// Pushed only when it changed otherwise than by active time passing: a status bar counts the
// next break down by itself from the state events, and the daemon wakes for nothing more.
void Manager::breaks_settled(core::UserId, bool news) {
  if (!control_.has_subscribers()) {
    breaks_shape_ = nullptr;
    return;
  }
  auto breaks = protocol::to_json(break_state());
  auto shape = protocol::break_shape(breaks);
  if (!news && shape == breaks_shape_) return;
  breaks_shape_ = std::move(shape);
  control_.publish_event("breaks", {{"breaks", std::move(breaks)}});
}

void Manager::watch_files() {
  wall_clock_watch_.emplace(io_, [this] { on_clock_or_zone_change(); });
  try {
    zone_watch_.emplace(io_, "/etc/localtime", [this] {
      adapters::SystemClock::reload_time_zone();
      on_clock_or_zone_change();
    });
  } catch (const std::exception& error) {
    spdlog::warn("cannot watch /etc/localtime ({}); zone changes are seen at the next event",
                 error.what());
  }
  if (!setup_.config.file) return;
  try {
    config_watch_.emplace(io_, *setup_.config.file, [this] { config_file_changed(); });
  } catch (const std::exception& error) {
    spdlog::warn("cannot watch \"{}\" ({}); reload with SIGHUP or screentimectl",
                 setup_.config.file->string(), error.what());
  }
}

void Manager::wait_for_signal() {
  signals_.async_wait([this](const boost::system::error_code& error, int signal) {
    if (error) return;  // cancelled: the loop is shutting down
    adapters::at_loop_edge("signal", [this, signal] { on_signal(signal); });
  });
}

void Manager::on_signal(int signal) {
  if (signal == SIGHUP) {
    reload_config();
    if (system_) system_->reload_limits();
    wait_for_signal();
    return;
  }
  spdlog::info("stopping on {}", signal == SIGTERM ? "SIGTERM" : "SIGINT");
  stop();
}

void Manager::on_deadline() {
  try {
    const auto now = clock_.now().boot;
    if (store_retry_ && *store_retry_ <= now) flush();
    if (stop_by_) return finish_stop_when_written();
    if (config_settle_ && *config_settle_ <= now) {
      config_settle_.reset();
      spdlog::info("config file changed, reloading");
      reload_config();
    }
    control_.server().on_deadline();
    for (auto& [user, runtime] : users_) runtime->on_deadline();
    if (system_) system_->on_deadline();
    rearm();
  } catch (...) {
    rearm();  // whatever failed, the next deadline must still come
    throw;    // logged at the loop's edge
  }
}

void Manager::on_clock_or_zone_change() {
  spdlog::debug("wall clock or time zone changed");
  for (auto& [user, runtime] : users_) runtime->on_clock_or_zone_change();
  if (system_) system_->on_clock_or_zone_change();
  control_.publish_state();
}

core::ActivityState Manager::activity_state() const {
  return user_runtime().session().accountant().state();
}

std::optional<core::Interval> Manager::open_interval() const {
  return user_runtime().session().accountant().open_interval(clock_.now());
}

StatusParts Manager::status_parts() const {
  const auto& runtime = user_runtime();
  const auto& sources = runtime.sources();
  protocol::ActivityReply activity;
  if (!sources.input_name().empty()) activity.input = sources.input_name();
  if (const auto precision = sources.input_precision()) activity.precision_ms = precision->count();
  activity.session = sources.has_session();
  activity.presenting = sources.presenting();
  for (const auto& held : runtime.session().arbiter().inhibitors()) {
    activity.inhibitors.push_back({held.source, held.who, held.why});
  }
  const auto now = clock_.now();
  auto limits = protocol::standing_after(
      limits_feed_ ? limits_feed_->standing() : nlohmann::json(),
      std::chrono::floor<std::chrono::seconds>(now.boot - standing_at_), now.wall);
  return {runtime.activity_source(), std::move(activity), setup_.database,
          store_->damage(),          store_->pending(),   std::move(limits)};
}

protocol::BreakState Manager::break_state() const { return user_runtime().reminders().status(); }

core::AnswerResult Manager::answer_break(core::BreakAnswer answer) {
  return user_runtime().reminders().answer(answer);
}

void Manager::pause_reminders(std::optional<core::WallTime> until) {
  user_runtime().reminders().pause_until(until);
}

std::optional<std::filesystem::path> Manager::resource_catalog(
    const std::vector<std::string>& languages) const {
  const auto& environment = user_runtime().environment();
  return adapters::find_resource_catalog(languages.empty() ? environment.languages : languages,
                                         environment.resource_dirs);
}

std::vector<core::BreakEvent> Manager::break_events(core::WallTime from, core::WallTime to) {
  return store_->break_events(user(), from, to);
}

void Manager::config_file_changed() {
  std::error_code error;
  const auto size = std::filesystem::file_size(*setup_.config.file, error);
  if (error || size == 0) {
    spdlog::info("config file \"{}\" is empty or gone: taken only if it stays so for {}",
                 setup_.config.file->string(), protocol::format_duration(kConfigSettle));
    config_settle_ = clock_.now().boot + kConfigSettle;
    rearm();
    return;
  }
  config_settle_.reset();
  spdlog::info("config file changed, reloading");
  reload_config();
}

bool Manager::reload_config() {
  adapters::notify_systemd("RELOADING=1");
  ConfigChoice choice;
  try {
    choice = load_config_or_keep(setup_.config.file, setup_.config.config, "the current config");
  } catch (const std::bad_alloc&) {
    // A file too large to hold is an error like any other: the config in force stays.
    spdlog::error("cannot reload \"{}\": out of memory; keeping the current config",
                  setup_.config.file ? setup_.config.file->string() : std::string("defaults"));
    choice.config = setup_.config.config;
    choice.errors.push_back({setup_.config.file ? setup_.config.file->string() : std::string(), 0,
                             0, "out of memory while reading it"});
  }
  if (choice.loaded) {
    setup_.config.config = std::move(choice.config);
    setup_.config.in_force = setup_.config.file ? "file" : "defaults";
    setup_.config.errors.clear();
    for (auto& [user, runtime] : users_) runtime->apply_config(setup_.config.config);
    last_purge_.reset();
    if (purge_if_due()) flush();
    rearm();
  } else {
    setup_.config.in_force =
        setup_.config.in_force == "file" ? "last-good" : setup_.config.in_force;
    setup_.config.errors = std::move(choice.errors);
  }
  adapters::notify_systemd("READY=1");
  return choice.loaded;
}

void Manager::forget_before(core::UserId user, core::WallTime cutoff) {
  spdlog::info("forgetting history of uid {} before {}", user, cutoff.time_since_epoch().count());
  store_->purge_before(user, cutoff);
  flush();
  if (const auto runtime = users_.find(user); runtime != users_.end()) {
    runtime->second->history_forgotten();
  }
}

void Manager::stop() {
  if (stop_by_) return;  // a second SIGTERM while the last writes are retried
  adapters::notify_systemd("STOPPING=1");
  for (auto& [user, runtime] : users_) runtime->stop();  // written by the flush below
  if (system_) system_->stop();
  stop_by_ = clock_.now().boot + kShutdownGrace;
  if (store_->pending() > 0 && store_retry_) {
    store_retry_ = std::min(*store_retry_, clock_.now().boot + kFirstRetryAtExit);
  }
  finish_stop_when_written();
}

// No sleeping in the loop: the retries come from the deadline timer, bounded by stop_by_.
void Manager::finish_stop_when_written() {
  if (store_->pending() > 0 && clock_.now().boot < *stop_by_) {
    rearm();
    return;
  }
  if (store_->pending() > 0) {
    spdlog::error("could not write {} interval(s) of history before exiting; they are lost",
                  store_->pending());
  }
  io_.stop();
}

void Manager::flush() {
  const auto outcome = store_->flush();
  say_damage();
  if (outcome.written) {
    if (store_retry_) spdlog::info("history written again; nothing was lost");
    store_retry_.reset();
    store_error_said_.clear();
    // The purge is queued like any write; its own flush finds nothing more due.
    if (purge_if_due()) flush();
    return;
  }
  const auto retry_after = outcome.retry_after.value_or(std::chrono::seconds{1});
  // Said once for a spell of failures, and again only when the reason changes; each retry
  // (after a back-off, or when a state change or checkpoint tries sooner) goes to the debug
  // log, so a long spell does not flood the journal.
  if (outcome.error != store_error_said_) {
    spdlog::warn("could not write history: {}; {} interval(s) kept in memory, retrying in {}",
                 outcome.error, store_->pending(), protocol::format_duration(retry_after));
    store_error_said_ = outcome.error;
  } else {
    spdlog::debug("history still not written: {}; {} interval(s) kept in memory, retrying in {}",
                  outcome.error, store_->pending(), protocol::format_duration(retry_after));
  }
  store_retry_ = clock_.now().boot + retry_after;
  rearm();
}

void Manager::say_damage() {
  // Said once each time the file is found damaged (at start, or when a write hits the damage).
  if (auto damage = store_->damage(); damage != damage_said_) {
    spdlog::error("history \"{}\" {}", setup_.database.string(), damage);
    damage_said_ = std::move(damage);
  }
}

bool Manager::purge_if_due() {
  if (!setup_.config.config.retention) return false;
  const auto now = clock_.now();
  // Checked when history is written anyway, so retention costs no wakeup of its own.
  if (last_purge_ && now.boot - *last_purge_ < kRetentionCheckEvery) return false;
  last_purge_ = now.boot;
  // Retention applies to each user the daemon accounts, under the config in force.
  for (const auto& [user, runtime] : users_) {
    store_->purge_before(user, now.wall - *setup_.config.config.retention);
  }
  return true;
}

void Manager::rearm() {
  if (!started_) return;  // start() arms once everything has started
  std::optional<core::BootTime> next = core::next_deadline(
      {store_retry_, stop_by_, config_settle_, control_.server().next_deadline()});
  for (const auto& [user, runtime] : users_) {
    next = core::next_deadline({next, runtime->next_deadline()});
  }
  if (system_) next = core::next_deadline({next, system_->next_deadline()});
  timer_.arm(next);
}

}  // namespace screentime::app
