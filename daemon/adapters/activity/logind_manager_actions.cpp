#include "daemon/adapters/activity/logind_manager_actions.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <system_error>
#include <utility>

#include "daemon/adapters/activity/logind_bus_names.hpp"
#include "daemon/adapters/dbus/sd_bus_calls.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {
namespace {

SdBusMessagePtr manager_call(SdBusConnection& bus, const char* member) {
  return new_method_call(bus, logind::kService, logind::kManagerPath, logind::kManagerInterface,
                         member);
}

}  // namespace

bool LogindManagerActions::lock_session(SdBusConnection& bus, const std::string& id, Done done) {
  const std::string what = "LockSession(" + id + ")";
  try {
    auto call = manager_call(bus, "LockSession");
    check(sd_bus_message_append(call.get(), "s", id.c_str()), "LockSession arguments");
    return send(bus, what, std::move(call), std::move(done));
  } catch (const std::exception& error) {
    spdlog::warn("logind: cannot call {}: {}", what, error.what());
    return false;
  }
}

bool LogindManagerActions::terminate_session(SdBusConnection& bus, const std::string& id,
                                             Done done) {
  const std::string what = "TerminateSession(" + id + ")";
  try {
    auto call = manager_call(bus, "TerminateSession");
    check(sd_bus_message_append(call.get(), "s", id.c_str()), "TerminateSession arguments");
    return send(bus, what, std::move(call), std::move(done));
  } catch (const std::exception& error) {
    spdlog::warn("logind: cannot call {}: {}", what, error.what());
    return false;
  }
}

bool LogindManagerActions::suspend(SdBusConnection& bus, Done done) {
  try {
    auto call = manager_call(bus, "Suspend");
    // Not interactive: a root daemon asks no one for a password.
    check(sd_bus_message_append(call.get(), "b", 0), "Suspend arguments");
    return send(bus, "Suspend", std::move(call), std::move(done));
  } catch (const std::exception& error) {
    spdlog::warn("logind: cannot call Suspend: {}", error.what());
    return false;
  }
}

bool LogindManagerActions::send(SdBusConnection& bus, const std::string& what, SdBusMessagePtr call,
                                Done done) {
  const std::uint64_t key = next_key_++;
  pending_[key] = call_async(bus, *call, [this, key, what, done](sd_bus_message& reply) {
    on_reply(key, what, done, reply);
  });
  spdlog::debug("logind: calling {}", what);
  return true;
}

void LogindManagerActions::on_reply(std::uint64_t key, const std::string& what, const Done& done,
                                    sd_bus_message& reply) {
  // Ours no more; sd-bus holds the slot (and this handler) until we return.
  const auto it = pending_.find(key);
  const SdBusSlotPtr slot = it != pending_.end() ? std::move(it->second) : SdBusSlotPtr();
  if (it != pending_.end()) pending_.erase(it);
  std::optional<std::string> error;
  if (sd_bus_message_is_method_error(&reply, nullptr)) {
    error = describe_error(sd_bus_message_get_error(&reply));
    spdlog::warn("logind: {} failed: {}", what, *error);
  } else {
    spdlog::debug("logind: {} done", what);
  }
  if (!done) return;
  try {
    done(error);
  } catch (const std::exception& failure) {
    spdlog::error("logind: handling the answer to {} failed: {}", what, failure.what());
  }
}

}  // namespace screentime::adapters
