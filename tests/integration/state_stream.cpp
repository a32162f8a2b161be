#include "tests/integration/state_stream.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace screentime::testing {

StateStream::StateStream(const std::filesystem::path& socket) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, socket.c_str(), sizeof address.sun_path - 1);
  fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error("cannot connect to " + socket.string());
  }
  next(std::chrono::seconds{5});  // greeting
  const std::string request = "{\"id\":\"test\",\"cmd\":\"subscribe\"}\n";
  if (::write(fd_, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    throw std::runtime_error("cannot subscribe");
  }
  const auto reply = next(std::chrono::seconds{5});
  if (!reply.is_object() || !reply.value("ok", false)) {
    throw std::runtime_error("subscribe failed: " + reply.dump());
  }
  initial_ = reply["result"];
}

StateStream::~StateStream() {
  if (fd_ >= 0) ::close(fd_);
}

nlohmann::json StateStream::next(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (const auto end = buffer_.find('\n'); end != std::string::npos) {
      auto message = nlohmann::json::parse(buffer_.substr(0, end));
      buffer_.erase(0, end + 1);
      return message;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    pollfd readable{fd_, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&readable, 1, static_cast<int>(left.count())) <= 0) {
      return nullptr;
    }
    char chunk[4096];
    const ssize_t length = ::read(fd_, chunk, sizeof chunk);
    if (length <= 0) return nullptr;
    buffer_.append(chunk, static_cast<std::size_t>(length));
  }
}

nlohmann::json StateStream::wait_for_state(const std::string& state,
                                           std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return nullptr;
    auto message = next(left);
    if (message.is_null()) return nullptr;
    if (message.value("event", "") == "state" && message.value("state", "") == state) {
      return message;
    }
  }
}

}  // namespace screentime::testing
