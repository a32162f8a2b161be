#include "daemon/adapters/control/one_request.hpp"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cstring>

namespace screentime::adapters {
namespace {

class Socket {
 public:
  Socket() : fd_(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// One line, each read bounded by the socket's receive timeout.
std::optional<std::string> read_line(int fd, std::string& buffer) {
  for (;;) {
    const auto end = buffer.find('\n');
    if (end != std::string::npos) {
      std::string line = buffer.substr(0, end);
      buffer.erase(0, end + 1);
      return line;
    }
    if (buffer.size() > 64 * 1024) return std::nullopt;
    std::array<char, 4096> chunk{};
    const ssize_t got = recv(fd, chunk.data(), chunk.size(), 0);
    if (got <= 0) return std::nullopt;
    buffer.append(chunk.data(), static_cast<std::size_t>(got));
  }
}

}  // namespace

std::optional<nlohmann::json> one_request(const std::string& socket, const nlohmann::json& request,
                                          std::chrono::seconds timeout) {
  Socket connection;
  if (connection.get() < 0) return std::nullopt;
  const timeval limit{static_cast<time_t>(timeout.count()), 0};
  setsockopt(connection.get(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  setsockopt(connection.get(), SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket.size() >= sizeof address.sun_path) return std::nullopt;
  std::memcpy(address.sun_path, socket.c_str(), socket.size() + 1);
  // sockaddr_un is what connect takes; the cast is how the API is meant.
  if (connect(connection.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    return std::nullopt;
  }
  std::string buffer;
  if (!read_line(connection.get(), buffer)) return std::nullopt;  // the greeting
  const std::string line = request.dump() + "\n";
  if (send(connection.get(), line.data(), line.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(line.size())) {
    return std::nullopt;
  }
  const auto reply = read_line(connection.get(), buffer);
  if (!reply) return std::nullopt;
  auto parsed = nlohmann::json::parse(*reply, nullptr, false);
  if (!parsed.is_object()) return std::nullopt;
  return parsed;
}

}  // namespace screentime::adapters
