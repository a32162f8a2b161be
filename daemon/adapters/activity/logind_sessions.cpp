#include "daemon/adapters/activity/logind_sessions.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <set>
#include <system_error>
#include <utility>

#include "daemon/adapters/activity/logind_bus_names.hpp"
#include "daemon/adapters/dbus/sd_bus_calls.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {
namespace {

// Asking again: 1 s, doubling, at most a minute. The system bus only goes away when
// dbus-daemon restarts, and logind answers within milliseconds unless it is stuck.
constexpr core::Duration kFirstRetry = std::chrono::seconds{1};
constexpr core::Duration kMaxRetry = std::chrono::minutes{1};

// Listener calls are the edge of a bus callback: nothing may unwind past them.
void notify(const char* what, const std::function<void()>& call) {
  try {
    call();
  } catch (const std::exception& error) {
    spdlog::error("logind: handling {} failed: {}", what, error.what());
  }
}

std::string path_tail(const std::string& path) { return path.substr(path.rfind('/') + 1); }

std::string seconds_text(core::Duration wait) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wait).count()) + " s";
}

// The bus daemon's answer for a call to a name nobody owns: logind is not there.
bool is_absent(const sd_bus_error* error) {
  return error != nullptr && sd_bus_error_has_names(error, SD_BUS_ERROR_SERVICE_UNKNOWN,
                                                    SD_BUS_ERROR_NAME_HAS_NO_OWNER);
}

std::string counted(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

LogindSessions::LogindSessions(SharedBus& bus, const core::Clock& clock,
                               LogindSessionsListener& listener)
    : bus_(bus), clock_(clock), listener_(listener), retry_wait_(kFirstRetry) {}

LogindSessions::~LogindSessions() { drop_bus(); }

bool LogindSessions::start() {
  try {
    connect();
  } catch (const std::exception& error) {
    drop_bus();
    reconnect_later(std::string("cannot follow logind: ") + error.what());
    return false;
  }
  list_sessions();
  return true;
}

void LogindSessions::on_deadline() {
  if (!retry_at_ || clock_.now().boot < *retry_at_) return;
  retry_at_.reset();
  in_deadline_ = true;
  if (!signals_) {
    try {
      connect();
      spdlog::info("logind: connected to the system bus again");
    } catch (const std::exception& error) {
      drop_bus();
      reconnect_later(std::string("reconnecting failed: ") + error.what());
    }
  }
  if (signals_) list_sessions();
  in_deadline_ = false;
}

bool LogindSessions::lock_session(const std::string& id, ActionDone done) {
  SdBusConnection* bus = connection_for("lock session " + id);
  return bus != nullptr && actions_.lock_session(*bus, id, std::move(done));
}

bool LogindSessions::terminate_session(const std::string& id, ActionDone done) {
  SdBusConnection* bus = connection_for("terminate session " + id);
  return bus != nullptr && actions_.terminate_session(*bus, id, std::move(done));
}

bool LogindSessions::suspend(ActionDone done) {
  SdBusConnection* bus = connection_for("suspend");
  return bus != nullptr && actions_.suspend(*bus, std::move(done));
}

std::string LogindSessions::describe() const {
  if (!signals_) {
    return retry_at_ ? "logind: no system bus, reconnecting" : "logind: not started";
  }
  if (logind_ == Presence::kAbsent) return "logind: waiting for logind on the system bus";
  if (!reported_) {
    return retry_at_ ? "logind: no answer, asking again" : "logind: reading the sessions";
  }
  std::set<core::UserId> users;
  for (const auto& session : *reported_) users.insert(session.uid);
  return "logind: " + counted(reported_->size(), "session") + " of " +
         counted(users.size(), "user");
}

void LogindSessions::connect() {
  LogindSignals::Handler& handler = *this;  // a private base: converted here, where it is visible
  SdBusConnection& bus = bus_.connect();
  loss_ = bus_.on_lost([this](std::string_view why) { on_bus_lost(why); });
  signals_ = std::make_unique<LogindSignals>(bus, handler);
  logind_ = Presence::kUnknown;
}

void LogindSessions::drop_bus() {
  actions_.cancel();
  forget_sessions();
  signals_.reset();
  loss_.reset();
  logind_ = Presence::kUnknown;
}

void LogindSessions::on_bus_lost(std::string_view why) {
  drop_bus();
  reconnect_later(std::string(why));  // logged there
  lose(std::string(why));
}

void LogindSessions::reconnect_later(const std::string& why) {
  spdlog::warn("logind: {}; reconnecting in {}", why, seconds_text(retry_wait_));
  set_retry(clock_.now().boot + retry_wait_);
  retry_wait_ = std::min(retry_wait_ * 2, kMaxRetry);
}

void LogindSessions::retry_later(const std::string& why) {
  spdlog::warn("logind: {}; asking again in {}", why, seconds_text(retry_wait_));
  forget_sessions();
  set_retry(clock_.now().boot + retry_wait_);
  retry_wait_ = std::min(retry_wait_ * 2, kMaxRetry);
}

void LogindSessions::set_retry(std::optional<core::BootTime> at) {
  if (retry_at_ == at) return;
  retry_at_ = at;
  if (!in_deadline_ && deadline_changed) notify("a new deadline", deadline_changed);
}

void LogindSessions::on_logind_owner_changed(bool running) {
  set_retry(std::nullopt);  // asking again now, or waiting for logind: no earlier retry holds
  retry_wait_ = kFirstRetry;
  if (running) {
    spdlog::info("logind is on the system bus; reading its sessions");
    logind_ = Presence::kPresent;
    list_sessions();
  } else {
    spdlog::warn("logind left the system bus; waiting for it to return");
    logind_ = Presence::kAbsent;
    forget_sessions();
    lose("logind left the system bus");
  }
}

void LogindSessions::on_prepare_for_sleep(bool sleeping) {
  spdlog::debug("logind: {}", sleeping ? "preparing for sleep" : "woke up");
  notify("PrepareForSleep", [this, sleeping] { listener_.on_prepare_for_sleep(sleeping); });
}

void LogindSessions::on_session_new(std::string_view id, std::string_view path) {
  if (!listed_ && !list_call_) return;  // not following now; the next listing has it
  spdlog::debug("logind: new session {}", id);
  follow(std::string(path));
}

void LogindSessions::on_session_removed(std::string_view id, std::string_view path) {
  reads_.erase(std::string(path));
  if (!sessions_.remove(std::string(path))) return;
  spdlog::debug("logind: session {} removed", id);
  report();
}

void LogindSessions::on_session_lock(std::string_view path, bool locked) {
  if (!sessions_.contains(std::string(path))) return;
  sessions_.lock_signal(std::string(path), locked);
  report();
}

void LogindSessions::on_session_change(std::string_view path, const LogindSessionChange& change) {
  const std::string followed(path);
  if (!sessions_.contains(followed)) return;
  sessions_.change(followed, change.changed);
  if (change.invalidated) read_session(followed);  // reports again once read
  report();
}

void LogindSessions::list_sessions() {
  forget_sessions();
  try {
    auto call = new_method_call(signals_->bus(), logind::kService, logind::kManagerPath,
                                logind::kManagerInterface, "ListSessions");
    list_call_ = call_async(signals_->bus(), *call,
                            [this](sd_bus_message& reply) { on_session_list(reply); });
  } catch (const std::exception& error) {
    retry_later(std::string("cannot call ListSessions: ") + error.what());
  }
}

void LogindSessions::on_session_list(sd_bus_message& reply) {
  const SdBusSlotPtr done = std::move(list_call_);  // sd-bus holds it until we return
  if (sd_bus_message_is_method_error(&reply, nullptr)) {
    if (!signals_->bus().is_open()) return;  // reported once, as the lost bus
    const sd_bus_error* error = sd_bus_message_get_error(&reply);
    if (is_absent(error)) {
      logind_ = Presence::kAbsent;
      spdlog::warn("logind is not on the system bus; waiting for it");
      return;
    }
    return retry_later("ListSessions failed: " + describe_error(error));
  }
  try {
    for (const ListedSession& listed : read_session_list(reply)) {
      follow(listed.path);
      if (retry_at_) return;  // a read could not be sent: everything is asked again later
    }
  } catch (const std::exception& error) {
    return retry_later(std::string("unexpected ListSessions reply: ") + error.what());
  }
  logind_ = Presence::kPresent;
  retry_wait_ = kFirstRetry;
  listed_ = true;
  report();  // at once when there is no session at all
}

void LogindSessions::follow(const std::string& path) {
  if (sessions_.add(path)) read_session(path);
}

void LogindSessions::read_session(const std::string& path) {
  try {
    auto call = new_method_call(signals_->bus(), logind::kService, path.c_str(),
                                logind::kPropertiesInterface, "GetAll");
    check(sd_bus_message_append(call.get(), "s", logind::kSessionInterface), "GetAll arguments");
    reads_[path] = call_async(signals_->bus(), *call, [this, path](sd_bus_message& reply) {
      on_session_read(path, reply);
    });
  } catch (const std::exception& error) {
    retry_later("cannot read logind session " + path_tail(path) + ": " + error.what());
  }
}

void LogindSessions::on_session_read(const std::string& path, sd_bus_message& reply) {
  const auto it = reads_.find(path);
  if (it == reads_.end()) return;
  const SdBusSlotPtr done = std::move(it->second);  // sd-bus holds it until we return
  reads_.erase(it);
  if (sd_bus_message_is_method_error(&reply, nullptr)) {
    if (!signals_->bus().is_open()) return;  // reported once, as the lost bus
    const sd_bus_error* error = sd_bus_message_get_error(&reply);
    if (is_timeout(error) || is_absent(error)) {
      return retry_later("reading logind session " + path_tail(path) +
                         " failed: " + describe_error(error));
    }
    // Gone since it was listed or announced; SessionRemoved tells too.
    spdlog::debug("logind: session {} went before it was read: {}", path_tail(path),
                  describe_error(error));
    sessions_.remove(path);
    return report();
  }
  try {
    sessions_.read(path, read_session_properties(reply));
  } catch (const std::exception& error) {
    return retry_later("unexpected properties of logind session " + path_tail(path) + ": " +
                       error.what());
  }
  report();
}

void LogindSessions::forget_sessions() {
  list_call_.reset();
  reads_.clear();  // cancelled: their answers are dropped unread
  sessions_.clear();
  listed_ = false;
}

void LogindSessions::report() {
  // Whole pictures only: a session listed or announced counts once its properties are in.
  if (!listed_) return;
  const auto sessions = sessions_.picture();
  if (!sessions || (reported_ && *reported_ == *sessions)) return;
  reported_ = *sessions;
  spdlog::debug("{}", describe());
  notify("the sessions", [this, &sessions] { listener_.on_sessions(*sessions); });
}

void LogindSessions::lose(const std::string& why) {
  const bool was_reported = reported_.has_value();
  reported_.reset();
  if (was_reported) notify("lost logind", [this, &why] { listener_.on_logind_lost(why); });
}

SdBusConnection* LogindSessions::connection_for(const std::string& what) const {
  if (!signals_) spdlog::warn("logind: cannot {}: not connected to the system bus", what);
  return signals_ ? &signals_->bus() : nullptr;
}

}  // namespace screentime::adapters
