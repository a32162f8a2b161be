#pragma once
// LogindSessionTable: the logind sessions LogindSessions follows, by object path, as read and
// as changed since, and the picture they make as core sessions: whole, or not at all while a
// session is still unread. No I/O.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "daemon/adapters/activity/logind_session_properties.hpp"
#include "daemon/core/login_sessions.hpp"

namespace screentime::adapters {

class LogindSessionTable {
 public:
  // Adds `path`, unread; false when it is there already.
  bool add(const std::string& path);
  // False when `path` was not there.
  bool remove(const std::string& path);
  bool contains(const std::string& path) const { return sessions_.contains(path); }
  void clear() { sessions_.clear(); }
  std::size_t size() const { return sessions_.size(); }

  // A full read of `path`'s properties (GetAll): the session counts from now on. It replaces
  // nothing it does not carry (a change heard before the answer came is older than it).
  void read(const std::string& path, const LogindSessionProperties& properties);
  // PropertiesChanged.
  void change(const std::string& path, const LogindSessionProperties& changes);
  // The session's Lock (true) or Unlock (false) signal.
  void lock_signal(const std::string& path, bool locked);

  // Every session, by path, once each has been read; nullopt while one is still unread.
  std::optional<std::vector<core::LoginSession>> picture() const;

 private:
  struct Entry {
    LogindSessionProperties properties;
    bool read = false;
    bool lock_signal = false;  // Lock seen, and no Unlock (or LockedHint going false) since
  };
  static void apply(Entry& entry, const LogindSessionProperties& changes);
  static core::LoginSession to_core(const std::string& path, const Entry& entry);

  std::map<std::string, Entry> sessions_;
};

}  // namespace screentime::adapters
