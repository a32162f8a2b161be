#include "daemon/adapters/activity/logind_session_source.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <system_error>

#include "daemon/adapters/activity/logind_bus_names.hpp"
#include "daemon/adapters/dbus/sd_bus_calls.hpp"

namespace screentime::adapters {
namespace {

// Reconnecting to a lost system bus: 1 s, doubling, at most a minute. The system bus only
// goes away when dbus-daemon restarts, and then it is back within seconds.
constexpr core::Duration kFirstRetry = std::chrono::seconds{1};
constexpr core::Duration kMaxRetry = std::chrono::minutes{1};
// How long start() waits for logind's answers before falling back.
constexpr std::chrono::milliseconds kStartTimeout = std::chrono::seconds{5};

// Listener calls are the edge of a bus callback: nothing may unwind past them.
void notify(const char* what, const std::function<void()>& call) {
  try {
    call();
  } catch (const std::exception& error) {
    spdlog::error("logind: handling {} failed: {}", what, error.what());
  }
}

bool same(const LogindSessionStatus& a, const LogindSessionStatus& b) {
  return a.session_id == b.session_id && a.locked == b.locked && a.active == b.active &&
         a.idle == b.idle && a.idle_since == b.idle_since;
}

std::string path_tail(const std::string& path) { return path.substr(path.rfind('/') + 1); }

std::string seconds_text(core::Duration wait) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wait).count()) + " s";
}

}  // namespace

LogindSessionSource::LogindSessionSource(SharedBus& bus, const core::Clock& clock,
                                         LogindListener& listener, std::string session_id)
    : bus_(bus),
      clock_(clock),
      listener_(listener),
      preferred_id_(std::move(session_id)),
      retry_wait_(kFirstRetry) {}

LogindSessionSource::~LogindSessionSource() { drop_bus(); }

void LogindSessionSource::start_async(Started started) {
  starting_ = std::move(started);
  try {
    connect();
    if (!signals_->logind_running()) {
      return finish_start("logind (org.freedesktop.login1) is not on the system bus");
    }
    start_by_ = clock_.now().boot + kStartTimeout;
    on_logind_owner_changed(true);  // its answers come through the callbacks
    check_start();
  } catch (const std::exception& error) {
    return finish_start(error.what());
  }
  announce_deadline();
}

bool LogindSessionSource::start() {
  std::optional<bool> works;
  start_async([&works](bool started) { works = started; });
  // Start-up only: every call has its own timeout, so this wait ends by then.
  if (!works && signals_) {
    signals_->bus().process_until([&works] { return works.has_value(); }, kStartTimeout);
  }
  if (!works) finish_start(why_not_answered());
  if (!works.value_or(false)) drop_bus();  // outside the bus's callbacks
  return works.value_or(false);
}

void LogindSessionSource::check_start(const std::string& why_not) {
  if (!starting_) return;
  if (read_done_) return finish_start("");
  if (finder_.searching() || read_call_) return;  // still asking
  finish_start(!why_not.empty()           ? why_not
               : !why_no_session_.empty() ? why_no_session_
                                          : "logind has no session for us");
}

void LogindSessionSource::finish_start(const std::string& why_not) {
  const Started started = std::move(starting_);
  starting_ = nullptr;
  start_by_.reset();
  const bool works = why_not.empty();
  if (!works) {
    spdlog::warn("logind: {}; not following the session through logind", why_not);
    // Asks nothing more; the owner drops it, from outside the bus's callbacks.
    logind_present_ = false;
    read_call_.reset();
    finder_.cancel();
    inhibitor_.release();
  }
  if (started) notify("a start", [&] { started(works); });
}

std::string LogindSessionSource::why_not_answered() const {
  return signals_ && signals_->bus().is_open() ? "logind did not answer in time"
                                               : "lost the connection to the system bus";
}

std::optional<core::BootTime> LogindSessionSource::next_deadline() const {
  if (start_by_ && (!retry_at_ || *start_by_ < *retry_at_)) return start_by_;
  return retry_at_;
}

void LogindSessionSource::on_deadline() {
  if (start_by_ && clock_.now().boot >= *start_by_) finish_start(why_not_answered());
  if (!retry_at_ || clock_.now().boot < *retry_at_) return;
  retry_at_.reset();
  try {
    connect();
    const bool running = signals_->logind_running();
    retry_wait_ = kFirstRetry;
    spdlog::info("logind: connected to the system bus again");
    if (running) on_logind_owner_changed(true);  // else NameOwnerChanged tells when it comes
  } catch (const std::exception& error) {
    drop_bus();
    retry_at_ = clock_.now().boot + retry_wait_;
    spdlog::debug("logind: reconnecting failed ({}), retrying in {}", error.what(),
                  seconds_text(retry_wait_));
    retry_wait_ = std::min(retry_wait_ * 2, kMaxRetry);
  }
}

std::string LogindSessionSource::describe() const {
  if (!signals_)
    return retry_at_ ? "logind (system bus lost, reconnecting)" : "logind (not started)";
  if (!logind_present_) return "logind (waiting for logind to return)";
  if (session_path_.empty()) return "logind (no session)";
  return "logind session " + properties_.id.value_or(path_tail(session_path_)) + " (" +
         properties_.type.value_or("unknown type") + ")";
}

void LogindSessionSource::connect() {
  LogindSignals::Handler& handler = *this;  // a private base: converted here, where it is visible
  SdBusConnection& bus = bus_.connect();
  loss_ = bus_.on_lost([this](std::string_view why) { on_bus_lost(why); });
  signals_ = std::make_unique<LogindSignals>(bus, handler);
}

void LogindSessionSource::drop_bus() {
  read_call_.reset();
  finder_.cancel();
  inhibitor_.release();
  signals_.reset();
  loss_.reset();
  logind_present_ = false;
}

void LogindSessionSource::on_bus_lost(std::string_view why) {
  drop_bus();  // from a loop turn of its own
  if (starting_) return finish_start("lost the connection to the system bus");
  retry_at_ = clock_.now().boot + retry_wait_;
  const std::string what = std::string(why) + "; reconnecting in " + seconds_text(retry_wait_);
  retry_wait_ = std::min(retry_wait_ * 2, kMaxRetry);
  if (!reported_) spdlog::warn("logind: {}", what);  // else the listener tells
  lose_session(what);
  announce_deadline();
}

void LogindSessionSource::on_logind_owner_changed(bool running) {
  if (running) {
    spdlog::debug("logind is on the system bus");
    logind_present_ = true;
    inhibitor_.take(signals_->bus());
    find_session();
  } else if (logind_present_) {
    logind_present_ = false;
    finder_.cancel();
    inhibitor_.release();  // its fd is worth nothing to the next logind
    if (!reported_) spdlog::warn("logind left the system bus; waiting for it to return");
    lose_session("logind left the system bus");
    check_start("logind left the system bus");
  }
}

void LogindSessionSource::on_prepare_for_sleep(bool sleeping) {
  if (sleeping) {
    spdlog::debug("logind: preparing for sleep");
    notify("PrepareForSleep(true)", [this] { listener_.on_before_sleep(); });
    inhibitor_.release();  // only now: the listener has recorded what it must
  } else {
    spdlog::debug("logind: woke up");
    if (logind_present_) inhibitor_.take(signals_->bus());
    notify("PrepareForSleep(false)", [this] { listener_.on_after_sleep(); });
  }
}

void LogindSessionSource::on_session_new(std::string_view id, std::string_view /*path*/) {
  if (!session_path_.empty() || !logind_present_) return;
  spdlog::debug("logind: new session {}; looking for ours", id);
  find_session();
}

void LogindSessionSource::on_session_removed(std::string_view id, std::string_view path) {
  if (session_path_.empty() || session_path_ != path) return;
  if (preferred_id_ == id) preferred_id_.clear();  // ids are not reused
  lose_session("logind session " + std::string(id) + " was removed");
  find_session();  // the user may have another one already; else SessionNew tells
}

void LogindSessionSource::on_session_lock(std::string_view path, bool locked) {
  if (session_path_.empty() || session_path_ != path) return;
  lock_signal_ = locked;
  if (read_done_) report();
}

void LogindSessionSource::on_session_change(std::string_view path,
                                            const LogindSessionChange& change) {
  if (session_path_.empty() || session_path_ != path) return;
  apply(change.changed);
  if (change.invalidated) return read_session();  // reports once read
  if (read_done_) report();
}

void LogindSessionSource::find_session() {
  finder_.find(signals_->bus(), preferred_id_, getuid(),
               [this](std::optional<std::string> path, std::string why_not) {
                 on_session_found(std::move(path), std::move(why_not));
               });
}

void LogindSessionSource::on_session_found(std::optional<std::string> path, std::string why_not) {
  if (!path) {
    why_no_session_ = std::move(why_not);
    spdlog::debug("logind: {}; waiting for a new session", why_no_session_);
    return check_start();
  }
  session_path_ = std::move(*path);
  properties_ = {};
  lock_signal_ = false;
  read_done_ = false;
  read_session();
  check_start();  // a call that could not be made settles it
}

void LogindSessionSource::read_session() {
  try {
    auto call = new_method_call(signals_->bus(), logind::kService, session_path_.c_str(),
                                logind::kPropertiesInterface, "GetAll");
    const int result = sd_bus_message_append(call.get(), "s", logind::kSessionInterface);
    if (result < 0) throw std::system_error(-result, std::generic_category(), "GetAll arguments");
    read_call_ = call_async(signals_->bus(), *call,
                            [this](sd_bus_message& reply) { on_session_read(reply); });
  } catch (const std::system_error& error) {
    lose_session("cannot read logind session " + path_tail(session_path_) + ": " + error.what());
  }
}

void LogindSessionSource::on_session_read(sd_bus_message& reply) {
  const SdBusSlotPtr done = std::move(read_call_);  // sd-bus holds it until we return
  if (sd_bus_message_is_method_error(&reply, nullptr)) {
    if (!signals_->bus().is_open()) return;  // reported once, as the lost bus
    why_no_session_ = "cannot read logind session " + path_tail(session_path_) + ": " +
                      describe_error(sd_bus_message_get_error(&reply));
    spdlog::warn("logind: {}; waiting for a new session", why_no_session_);
    lose_session(why_no_session_);
    return check_start();
  }
  apply(read_session_properties(reply));
  read_done_ = true;
  spdlog::debug("logind: following {}", describe());
  report();
  check_start();
}

void LogindSessionSource::apply(const LogindSessionProperties& changes) {
  // LockedHint going false means the screen locker let the user in: an unlock that needs no
  // Unlock signal (GNOME unlocks that way).
  if (changes.locked_hint == false && properties_.locked_hint == true) lock_signal_ = false;
  properties_.merge(changes);
}

void LogindSessionSource::report() {
  LogindSessionStatus status;
  status.session_id = properties_.id.value_or(path_tail(session_path_));
  status.locked = lock_signal_ || properties_.locked_hint.value_or(false);
  status.active = properties_.active.value_or(true);
  status.idle = properties_.idle_hint.value_or(false);
  if (status.idle && properties_.idle_since.value_or(0) > 0) {
    const std::chrono::microseconds since_epoch(static_cast<std::int64_t>(*properties_.idle_since));
    status.idle_since = core::WallTime(std::chrono::duration_cast<core::Duration>(since_epoch));
  }
  if (reported_ && same(*reported_, status)) return;
  spdlog::trace("logind: session {} locked={} active={} idle={}", status.session_id, status.locked,
                status.active, status.idle);
  reported_ = status;
  notify("a session status", [this, &status] { listener_.on_session_status(status); });
}

void LogindSessionSource::announce_deadline() {
  if (deadline_changed) notify("a new deadline", deadline_changed);
}

void LogindSessionSource::lose_session(const std::string& why) {
  const bool was_reported = reported_.has_value();
  read_call_.reset();
  session_path_.clear();
  properties_ = {};
  read_done_ = false;
  lock_signal_ = false;
  reported_.reset();
  spdlog::debug("logind: {}", why);
  if (was_reported) notify("a lost session", [this, &why] { listener_.on_session_lost(why); });
}

}  // namespace screentime::adapters
