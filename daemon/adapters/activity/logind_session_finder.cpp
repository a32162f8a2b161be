#include "daemon/adapters/activity/logind_session_finder.hpp"

#include <spdlog/spdlog.h>

#include <cstdint>
#include <exception>
#include <system_error>

#include "daemon/adapters/activity/logind_bus_names.hpp"
#include "daemon/adapters/activity/logind_session_properties.hpp"
#include "daemon/adapters/dbus/sd_bus_calls.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"

namespace screentime::adapters {
namespace {}  // namespace

void LogindSessionFinder::find(SdBusConnection& bus, std::string preferred_id, uid_t uid,
                               Done done) {
  cancel();
  bus_ = &bus;
  uid_ = uid;
  done_ = std::move(done);
  try {
    get_session(preferred_id.empty() ? "auto" : preferred_id);
  } catch (const std::system_error& error) {
    finish(std::nullopt, std::string("cannot call logind: ") + error.what());
  }
}

void LogindSessionFinder::cancel() {
  pending_.reset();
  done_ = nullptr;
  candidates_.clear();
  inactive_.reset();
}

void LogindSessionFinder::get_session(const std::string& id) {
  auto message = new_method_call(*bus_, logind::kService, logind::kManagerPath,
                                 logind::kManagerInterface, "GetSession");
  check(sd_bus_message_append(message.get(), "s", id.c_str()), "GetSession arguments");
  call(std::move(message), [this, id](sd_bus_message& reply) {
    if (sd_bus_message_is_method_error(&reply, nullptr)) {
      spdlog::debug("logind: GetSession(\"{}\") failed: {}", id,
                    describe_error(sd_bus_message_get_error(&reply)));
      if (!bus_->is_open()) return finish(std::nullopt, "lost the system bus");
      if (id != "auto") return get_session("auto");
      return list_sessions();
    }
    const char* path = nullptr;
    read_basic(reply, 'o', &path);
    finish(std::string(path), {});
  });
}

void LogindSessionFinder::list_sessions() {
  call(new_method_call(*bus_, logind::kService, logind::kManagerPath, logind::kManagerInterface,
                       "ListSessions"),
       [this](sd_bus_message& reply) { on_session_list(reply); });
}

void LogindSessionFinder::on_session_list(sd_bus_message& reply) {
  if (sd_bus_message_is_method_error(&reply, nullptr)) {
    return finish(std::nullopt,
                  "ListSessions failed: " + describe_error(sd_bus_message_get_error(&reply)));
  }
  for (const ListedSession& listed : read_session_list(reply)) {
    if (listed.uid == uid_) candidates_.push_back(listed.path);
  }
  check_next_candidate();
}

void LogindSessionFinder::check_next_candidate() {
  if (candidates_.empty()) {
    const auto found = inactive_;
    return finish(found,
                  found ? "" : "no graphical logind session for uid " + std::to_string(uid_));
  }
  const std::string path = candidates_.back();
  candidates_.pop_back();
  auto message = new_method_call(*bus_, logind::kService, path.c_str(),
                                 logind::kPropertiesInterface, "GetAll");
  check(sd_bus_message_append(message.get(), "s", logind::kSessionInterface), "GetAll arguments");
  call(std::move(message), [this, path](sd_bus_message& reply) { on_candidate(path, reply); });
}

void LogindSessionFinder::on_candidate(const std::string& path, sd_bus_message& reply) {
  if (sd_bus_message_is_method_error(&reply, nullptr)) {
    // Gone since ListSessions, most likely: look at the others.
    spdlog::debug("logind: reading {} failed: {}", path,
                  describe_error(sd_bus_message_get_error(&reply)));
    if (!bus_->is_open()) return finish(std::nullopt, "lost the system bus");
    return check_next_candidate();
  }
  const auto properties = read_session_properties(reply);
  if (properties.type && is_graphical_session_type(*properties.type)) {
    if (properties.active.value_or(false)) return finish(path, {});
    if (!inactive_) inactive_ = path;
  }
  check_next_candidate();
}

void LogindSessionFinder::guarded(sd_bus_message& reply,
                                  const std::function<void(sd_bus_message&)>& step) {
  if (!done_) return;  // cancelled
  try {
    step(reply);
  } catch (const std::exception& error) {
    finish(std::nullopt, std::string("unexpected reply from logind: ") + error.what());
  }
}

void LogindSessionFinder::call(SdBusMessagePtr message,
                               std::function<void(sd_bus_message&)> on_reply) {
  try {
    pending_ = call_async(
        *bus_, *message,
        [this, step = std::move(on_reply)](sd_bus_message& reply) { guarded(reply, step); });
  } catch (const std::system_error& error) {
    finish(std::nullopt, std::string("cannot call logind: ") + error.what());
  }
}

void LogindSessionFinder::finish(std::optional<std::string> path, std::string why_not) {
  // Reset first: `done` may start the next search right away.
  const Done done = std::move(done_);
  cancel();
  if (done) done(std::move(path), std::move(why_not));
}

}  // namespace screentime::adapters
