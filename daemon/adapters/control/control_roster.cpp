#include "daemon/adapters/control/control_roster.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

namespace screentime::adapters {
namespace {

// The three classes of the header's comment, in the order they make room.
enum class Standing { unserved = 0, served = 1, subscribed = 2 };

}  // namespace

std::optional<ClientId> ControlRoster::make_room_for(uid_t uid) const {
  const bool uid_full = count(uid) >= limits_.max_clients_per_uid;
  if (!uid_full && clients_.size() < limits_.max_clients) return std::nullopt;
  const std::pair<const ClientId, Entry>* victim = nullptr;
  for (const auto& client : clients_) {
    if (uid_full && client.second.uid != uid) continue;
    if (victim == nullptr || silent_longer(client, *victim)) victim = &client;
  }
  if (victim == nullptr) return std::nullopt;  // only when a limit is 0: nothing to close
  return victim->first;
}

void ControlRoster::add(ClientId client, uid_t uid, core::BootTime now) {
  clients_[client] = Entry{uid, now, std::nullopt, std::nullopt, false};
}

void ControlRoster::remove(ClientId client) { clients_.erase(client); }

void ControlRoster::line_started(ClientId client, core::BootTime now) {
  if (const auto found = clients_.find(client); found != clients_.end()) {
    found->second.line_started_at = now;
  }
}

void ControlRoster::line_completed(ClientId client, core::BootTime now) {
  if (const auto found = clients_.find(client); found != clients_.end()) {
    found->second.last_line_at = now;
    found->second.line_started_at.reset();
  }
}

void ControlRoster::set_subscribed(ClientId client, bool subscribed) {
  if (const auto found = clients_.find(client); found != clients_.end()) {
    found->second.subscribed = subscribed;
  }
}

std::optional<core::BootTime> ControlRoster::next_deadline() const {
  std::optional<core::BootTime> earliest;
  for (const auto& [id, entry] : clients_) {
    const auto next = deadline(entry);
    if (next && (!earliest || next->at < *earliest)) earliest = next->at;
  }
  return earliest;
}

std::vector<ControlRoster::Expired> ControlRoster::expired(core::BootTime now) const {
  std::vector<Expired> result;
  for (const auto& [id, entry] : clients_) {
    const auto next = deadline(entry);
    if (next && next->at <= now) result.push_back({id, next->why});
  }
  return result;
}

std::size_t ControlRoster::count(uid_t uid) const {
  return static_cast<std::size_t>(
      std::count_if(clients_.begin(), clients_.end(),
                    [uid](const auto& client) { return client.second.uid == uid; }));
}

// Each client has up to three deadlines; the earliest counts. An unserved client must finish
// its first request within request_timeout of connecting; any unfinished line must be
// finished within request_timeout of its first bytes (a subscriber's too: it is not silent
// then, it is sending slowly); a served client that is not subscribed is closed after
// idle_timeout without a line.
std::optional<ControlRoster::Deadline> ControlRoster::deadline(const Entry& entry) const {
  std::optional<Deadline> earliest;
  const auto consider = [&earliest](core::BootTime at, Expiry why) {
    if (!earliest || at < earliest->at) earliest = Deadline{at, why};
  };
  if (!entry.last_line_at) consider(entry.connected_at + limits_.request_timeout, Expiry::request);
  if (entry.line_started_at) {
    consider(*entry.line_started_at + limits_.request_timeout, Expiry::request);
  }
  if (entry.last_line_at && !entry.subscribed) {
    consider(*entry.last_line_at + limits_.idle_timeout, Expiry::idle);
  }
  return earliest;
}

bool ControlRoster::silent_longer(const std::pair<const ClientId, Entry>& a,
                                  const std::pair<const ClientId, Entry>& b) {
  const auto rank = [](const std::pair<const ClientId, Entry>& client) {
    const Entry& entry = client.second;
    const Standing standing = entry.subscribed     ? Standing::subscribed
                              : entry.last_line_at ? Standing::served
                                                   : Standing::unserved;
    return std::make_tuple(standing, entry.last_line_at.value_or(entry.connected_at), client.first);
  };
  return rank(a) < rank(b);
}

}  // namespace screentime::adapters
