#include "daemon/adapters/activity/logind_session_table.hpp"

namespace screentime::adapters {

bool LogindSessionTable::add(const std::string& path) { return sessions_.try_emplace(path).second; }

bool LogindSessionTable::remove(const std::string& path) { return sessions_.erase(path) > 0; }

void LogindSessionTable::read(const std::string& path, const LogindSessionProperties& properties) {
  const auto it = sessions_.find(path);
  if (it == sessions_.end()) return;
  apply(it->second, properties);
  it->second.read = true;
}

void LogindSessionTable::change(const std::string& path, const LogindSessionProperties& changes) {
  const auto it = sessions_.find(path);
  if (it != sessions_.end()) apply(it->second, changes);
}

void LogindSessionTable::lock_signal(const std::string& path, bool locked) {
  const auto it = sessions_.find(path);
  if (it != sessions_.end()) it->second.lock_signal = locked;
}

std::optional<std::vector<core::LoginSession>> LogindSessionTable::picture() const {
  std::vector<core::LoginSession> sessions;
  for (const auto& [path, entry] : sessions_) {
    if (!entry.read) return std::nullopt;
    sessions.push_back(to_core(path, entry));
  }
  return sessions;
}

void LogindSessionTable::apply(Entry& entry, const LogindSessionProperties& changes) {
  // LockedHint going false means the screen locker let the user in: an unlock that needs no
  // Unlock signal (GNOME unlocks that way).
  if (changes.locked_hint == false && entry.properties.locked_hint == true) {
    entry.lock_signal = false;
  }
  entry.properties.merge(changes);
}

core::LoginSession LogindSessionTable::to_core(const std::string& path, const Entry& entry) {
  const LogindSessionProperties& properties = entry.properties;
  core::LoginSession session;
  session.id = properties.id.value_or(path.substr(path.rfind('/') + 1));
  session.uid = properties.uid.value_or(0);  // logind always has User: not reached in practice
  session.type = properties.type.value_or("");
  session.session_class = properties.session_class.value_or("");
  session.remote = properties.remote.value_or(false);
  session.active = properties.active.value_or(false);
  session.locked = entry.lock_signal || properties.locked_hint.value_or(false);
  session.idle = properties.idle_hint.value_or(false);
  return session;
}

}  // namespace screentime::adapters
