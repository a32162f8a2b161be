#include "client/daemon_connection.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "client/output.hpp"
#include "daemon/i18n/i18n.hpp"
#include "daemon/protocol/wire.hpp"

namespace screentime::client {
namespace {

using i18n::tr;

std::string start_hint() { return tr("start it with: systemctl --user start screentimed"); }

}  // namespace

DaemonConnection::DaemonConnection(const std::filesystem::path& socket) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string path = socket.string();
  if (path.size() >= sizeof address.sun_path) {
    throw std::runtime_error(format_tr(tr("socket path too long: {}"), path));
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    const int error = errno;
    if (error == ENOENT || error == ECONNREFUSED) {
      throw DaemonNotRunning(
          format_tr(tr("screentimed is not running (no listener at {}); {}"), path, start_hint()));
    }
    throw DaemonNotRunning(
        format_tr(tr("cannot reach screentimed at {}: {}"), path, std::strerror(error)));
  }
  // Something listens, so screentimed runs: from here on, whatever goes wrong is not cured
  // by starting it.
  std::optional<nlohmann::json> hello;
  try {
    hello = next_message();
  } catch (const RequestFailed& error) {
    if (error.code() != "parse_error") throw;
    hello = nlohmann::json();  // not JSON: not screentimed, said below
  }
  if (!hello) {
    throw RequestFailed("closed", format_tr(tr("screentimed at {} closed the connection before "
                                               "greeting (it may be stopping, or turning "
                                               "clients away); try again"),
                                            path));
  }
  if (const auto& error = member(*hello, "error"); error.is_object()) {
    // Turned away before the greeting: too many clients connected, say.
    throw RequestFailed(error.value("code", "internal"),
                        format_tr(tr("screentimed at {} turned this connection away: {}; try "
                                     "again"),
                                  path, error.value("message", std::string())));
  }
  if (!hello->contains("protocol")) {
    throw std::runtime_error(format_tr(
        tr("{} did not greet as screentimed does: is it another program's socket?"), path));
  }
  if ((*hello)["protocol"] != protocol::kProtocolVersion) {
    throw std::runtime_error(format_tr(tr("screentimed speaks protocol {}, this screentimectl "
                                          "speaks {}"),
                                       (*hello)["protocol"].dump(), protocol::kProtocolVersion));
  }
  daemon_version_ = hello->value("screentime", "");
}

DaemonConnection::~DaemonConnection() {
  if (fd_ >= 0) ::close(fd_);
}

void DaemonConnection::send(const std::string& command, nlohmann::json args) {
  const std::string line =
      nlohmann::json{{"id", next_id_++}, {"cmd", command}, {"args", std::move(args)}}.dump() + "\n";
  std::size_t sent = 0;
  while (sent < line.size()) {
    const ssize_t written = ::send(fd_, line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
    if (written < 0) {
      if (errno == EINTR) continue;
      throw RequestFailed("unavailable", tr("screentimed closed the connection"));
    }
    sent += static_cast<std::size_t>(written);
  }
}

nlohmann::json DaemonConnection::request(const std::string& command, nlohmann::json args) {
  send(command, std::move(args));
  const auto reply = next_message();
  if (!reply) throw RequestFailed("unavailable", tr("screentimed closed the connection"));
  if (!reply->value("ok", false)) {
    const auto& error = (*reply)["error"];
    throw RequestFailed(error.value("code", "internal"), error.value("message", reply->dump()));
  }
  return (*reply)["result"];
}

std::optional<nlohmann::json> DaemonConnection::next_message(
    std::optional<std::chrono::milliseconds> timeout) {
  const auto line = read_line(timeout);
  if (!line) return std::nullopt;
  auto message = nlohmann::json::parse(*line, nullptr, false);
  if (message.is_discarded()) {
    throw RequestFailed("parse_error", tr("screentimed sent something that is not JSON"));
  }
  return message;
}

bool DaemonConnection::wait_readable(std::chrono::milliseconds timeout) {
  return buffer_.find('\n') != std::string::npos || poll_readable(timeout);
}

bool DaemonConnection::poll_readable(std::optional<std::chrono::milliseconds> timeout) const {
  pollfd readable{fd_, POLLIN, 0};
  int ready = 0;
  do {
    ready = ::poll(&readable, 1, timeout ? static_cast<int>(timeout->count()) : -1);
  } while (ready < 0 && errno == EINTR);
  return ready != 0;
}

std::optional<std::string> DaemonConnection::read_line(
    std::optional<std::chrono::milliseconds> timeout) {
  while (true) {
    if (const auto end = buffer_.find('\n'); end != std::string::npos) {
      std::string line = buffer_.substr(0, end);
      buffer_.erase(0, end + 1);
      return line;
    }
    if (!poll_readable(timeout)) {
      throw RequestFailed("unavailable", format_tr(tr("screentimed did not answer within {} s"),
                                                   timeout->count() / 1000));
    }
    char chunk[8192];
    const ssize_t length = ::read(fd_, chunk, sizeof chunk);
    if (length < 0 && errno == EINTR) continue;
    if (length <= 0) return std::nullopt;
    buffer_.append(chunk, static_cast<std::size_t>(length));
  }
}

}  // namespace screentime::client
