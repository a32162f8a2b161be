#include "daemon/adapters/control/control_server.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <utility>

#include "daemon/adapters/control/control_error.hpp"

namespace screentime::adapters {
namespace {

std::uint64_t number(ClientId client) { return static_cast<std::uint64_t>(client); }

PeerCredentials read_peer_credentials(int fd) {
  ucred credentials{};
  socklen_t size = sizeof credentials;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0) {
    throw std::runtime_error(std::string("cannot read its credentials: ") + std::strerror(errno));
  }
  PeerCredentials peer{credentials.pid, credentials.uid, credentials.gid, {}};
  // The supplementary groups: asked with room for a typical list first; ERANGE says how many.
  peer.groups.resize(64);
  socklen_t bytes = static_cast<socklen_t>(peer.groups.size() * sizeof(gid_t));
  if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, peer.groups.data(), &bytes) != 0) {
    if (errno != ERANGE) {
      throw std::runtime_error(std::string("cannot read its groups: ") + std::strerror(errno));
    }
    peer.groups.resize(bytes / sizeof(gid_t));
    if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, peer.groups.data(), &bytes) != 0) {
      throw std::runtime_error(std::string("cannot read its groups: ") + std::strerror(errno));
    }
  }
  peer.groups.resize(bytes / sizeof(gid_t));
  return peer;
}

// Errors after which accepting again at once would fail again at once.
bool out_of_resources(const boost::system::error_code& error) {
  return error == boost::asio::error::no_descriptors || error.value() == ENFILE ||
         error == boost::asio::error::no_buffer_space || error == boost::asio::error::no_memory;
}

// Runs a handler callback at the edge of an event: a failure is logged and the loop goes on.
template <typename Call>
void guarded(const char* what, ClientId client, Call&& call) {
  try {
    call();
  } catch (const std::exception& failure) {
    spdlog::error("control handler failed in {} for client {}: {}; ignoring", what, number(client),
                  failure.what());
  } catch (...) {
    spdlog::error("control handler failed in {} for client {}; ignoring", what, number(client));
  }
}

}  // namespace

ControlServer::ControlServer(boost::asio::io_context& io, const core::Clock& clock,
                             std::filesystem::path socket_path, ControlHandler& handler,
                             ControlLimits limits, SocketAccess access)
    : io_(io),
      clock_(clock),
      socket_path_(std::move(socket_path)),
      handler_(handler),
      limits_(limits),
      access_(access),
      acceptor_(io) {}

ControlServer::~ControlServer() {
  alive_.reset();
  for (auto& [id, client] : clients_) client->abandon();
  clients_.clear();
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  // socket_file_ goes last and removes the socket file.
}

void ControlServer::start() {
  assert(!socket_file_ && "ControlServer::start() runs once");
  socket_file_.emplace(socket_path_, access_);
  const int fd = socket_file_->release_listening_fd();
  try {
    acceptor_.assign(boost::asio::local::stream_protocol(), fd);
  } catch (const boost::system::system_error& failure) {
    ::close(fd);
    throw ControlSocketError("control socket \"" + socket_path_.string() + "\": " + failure.what());
  }
  accept_next();
  spdlog::info("listening on control socket \"{}\"", socket_path_.string());
}

void ControlServer::send(ClientId client, std::string line) {
  if (auto found = find(client)) found->send(std::move(line));
}

void ControlServer::set_subscribed(ClientId client, bool subscribed) {
  roster_.set_subscribed(client, subscribed);
  report_deadline();
}

void ControlServer::close(ClientId client) {
  if (auto found = find(client)) found->close_after_send(CloseReason::requested);
}

std::optional<core::BootTime> ControlServer::next_deadline() const {
  return roster_.next_deadline();
}

void ControlServer::on_deadline() {
  for (const auto& expired : roster_.expired(clock_.now().boot)) {
    if (auto client = find(expired.client)) {
      client->close(expired.why == ControlRoster::Expiry::request ? CloseReason::request_timeout
                                                                  : CloseReason::idle_timeout);
    }
  }
  report_deadline();
}

void ControlServer::accept_next() {
  acceptor_.async_accept([this, alive = std::weak_ptr<const bool>(alive_)](
                             const boost::system::error_code& error, Socket socket) {
    if (!alive.expired()) on_accept(error, std::move(socket));
  });
}

// The edge of an Asio callback: nothing escapes it.
void ControlServer::on_accept(const boost::system::error_code& error, Socket socket) {
  if (error == boost::asio::error::operation_aborted) return;
  if (error && out_of_resources(error)) {
    spdlog::warn(
        "control socket: cannot accept a connection: {}; new connections wait until a "
        "client disconnects",
        error.message());
    accept_paused_ = true;
    return;
  }
  if (error) {
    spdlog::debug("control socket: accept failed: {}; ignoring", error.message());
  } else {
    try {
      // Asio's accept() does not set close-on-exec.
      fcntl(socket.native_handle(), F_SETFD, FD_CLOEXEC);
      admit(std::move(socket));
    } catch (const std::exception& failure) {
      spdlog::warn("control socket: new connection: {}; closing it", failure.what());
    }
  }
  accept_next();
}

void ControlServer::admit(Socket socket) {
  const PeerCredentials peer = read_peer_credentials(socket.native_handle());
  if (const auto victim = roster_.make_room_for(peer.uid)) make_room(*victim);
  const ClientId id{next_id_++};
  Owner& owner = *this;  // a private base: convertible here, not inside make_shared
  auto client = std::make_shared<ControlClient>(std::move(socket), id, peer, limits_, owner);
  clients_.emplace(id, client);
  roster_.add(id, peer.uid, clock_.now().boot);
  spdlog::debug("control client {} connected (pid {}, uid {})", number(id), peer.pid, peer.uid);
  guarded("on_connect", id, [&] { handler_.on_connect(id, peer); });
  client->start();
  report_deadline();
}

// A newcomer is always taken, so that no crowd of silent connections can keep
// `screentimectl status` out; the client silent the longest (ControlRoster) pays for it.
void ControlServer::make_room(ClientId victim) {
  const auto client = find(victim);
  if (!client) return;
  if (!crowded_warned_) {
    spdlog::warn(
        "{} control clients connected ({} of uid {}): closing the one silent the longest to "
        "make room for each newcomer",
        clients_.size(), roster_.count(client->peer().uid), client->peer().uid);
    crowded_warned_ = true;
  }
  client->evict(refusal_text(RefusalReason::too_many_clients));
}

std::shared_ptr<ControlClient> ControlServer::find(ClientId client) const {
  const auto found = clients_.find(client);
  return found == clients_.end() ? nullptr : found->second;
}

void ControlServer::report_deadline() {
  const auto next = next_deadline();
  if (next == reported_deadline_) return;
  reported_deadline_ = next;
  if (deadline_changed) deadline_changed();
}

std::string ControlServer::refusal_text(RefusalReason reason) {
  std::string text;
  guarded("refusal", ClientId{0}, [&] { text = handler_.refusal(reason); });
  return text;
}

void ControlServer::on_client_line(ControlClient& client, std::string_view line) {
  roster_.line_completed(client.id(), clock_.now().boot);
  guarded("on_line", client.id(), [&] { handler_.on_line(client.id(), client.peer(), line); });
  report_deadline();
}

void ControlServer::on_client_line_started(ControlClient& client) {
  roster_.line_started(client.id(), clock_.now().boot);
  report_deadline();
}

void ControlServer::on_client_line_too_long(ControlClient& client) {
  spdlog::warn(
      "control client {} (pid {}, uid {}) sent a line longer than {} bytes: refusing it "
      "and closing the connection",
      number(client.id()), client.peer().pid, client.peer().uid, limits_.max_line_length);
  client.send(refusal_text(RefusalReason::line_too_long));
  client.close_after_send(CloseReason::line_too_long);
}

void ControlServer::on_client_closed(ControlClient& client, CloseReason reason,
                                     const boost::system::error_code& error) {
  const ClientId id = client.id();
  if (reason == CloseReason::output_overflow) {
    spdlog::warn(
        "control client {} (pid {}, uid {}) is not reading its replies (over {} bytes "
        "queued): disconnecting it",
        number(id), client.peer().pid, client.peer().uid, limits_.max_pending_output);
  } else if (error) {
    spdlog::debug("control client {} disconnected: {}: {}", number(id), to_string(reason),
                  error.message());
  } else {
    spdlog::debug("control client {} disconnected: {}", number(id), to_string(reason));
  }
  clients_.erase(id);
  roster_.remove(id);
  // The crowd has thinned out (to half the places in force): a new one is worth a new warning.
  if (roster_.size() <= std::min(limits_.max_clients, limits_.max_clients_per_uid) / 2) {
    crowded_warned_ = false;
  }
  if (accept_paused_) {
    accept_paused_ = false;
    accept_next();
  }
  // Told from a fresh stack frame: this may run inside the handler's own call to send().
  boost::asio::post(io_, [this, alive = std::weak_ptr<const bool>(alive_), id] {
    if (!alive.expired()) guarded("on_disconnect", id, [&] { handler_.on_disconnect(id); });
  });
  report_deadline();
}

}  // namespace screentime::adapters
