// DaemonConnection: what screentimectl says when the socket is there but no greeting comes,
// so that a running daemon is never mistaken for a stopped one.
#include "client/daemon_connection.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

namespace screentime::client {
namespace {

namespace fs = std::filesystem;

// A listener that answers its first connection with `first_words` (nothing: it closes).
class FakeDaemon {
 public:
  FakeDaemon(const fs::path& path, std::string first_words) : path_(path) {
    listener_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
    EXPECT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(::listen(listener_, 4), 0);
    thread_ = std::thread([this, words = std::move(first_words)] {
      const int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      if (!words.empty()) {
        EXPECT_GT(::write(client, words.data(), words.size()), 0);
      }
      ::close(client);
    });
  }
  ~FakeDaemon() {
    thread_.join();
    ::close(listener_);
    fs::remove(path_);
  }

 private:
  fs::path path_;
  int listener_ = -1;
  std::thread thread_;
};

class Connecting : public ::testing::Test {
 protected:
  fs::path socket = fs::temp_directory_path() / ("ctl-test-" + std::to_string(::getpid()));

  // The message of what connecting throws, and whether it says "not running".
  std::pair<std::string, bool> failure() {
    try {
      DaemonConnection connection(socket);
    } catch (const DaemonNotRunning& error) {
      return {error.what(), true};
    } catch (const std::exception& error) {
      return {error.what(), false};
    }
    return {"", false};
  }
};

TEST_F(Connecting, NobodyListeningIsNotRunningWithHowToStartIt) {
  const auto [message, not_running] = failure();
  EXPECT_TRUE(not_running);
  EXPECT_NE(message.find("systemctl --user start screentimed"), std::string::npos) << message;
}

TEST_F(Connecting, AConnectionClosedBeforeTheGreetingIsNoReasonToStartTheDaemon) {
  FakeDaemon daemon(socket, "");
  const auto [message, not_running] = failure();
  EXPECT_FALSE(not_running);
  EXPECT_NE(message.find("closed the connection before greeting"), std::string::npos) << message;
  EXPECT_EQ(message.find("systemctl"), std::string::npos) << message;
}

TEST_F(Connecting, TurnedAwayForTooManyClientsSaysSoAndToTryAgain) {
  FakeDaemon daemon(socket, R"({"id":null,"ok":false,"error":{"code":"too_many_clients","message":)"
                            R"("too many clients connected"}})"
                            "\n");
  try {
    DaemonConnection connection(socket);
    FAIL() << "connected";
  } catch (const RequestFailed& error) {
    EXPECT_EQ(error.code(), "too_many_clients");
    const std::string message = error.what();
    EXPECT_NE(message.find("too many clients connected; try again"), std::string::npos) << message;
  }
}

TEST_F(Connecting, AnotherProgramsSocketIsNamedAsSuch) {
  FakeDaemon daemon(socket, "220 smtp.example ESMTP\n");
  const auto [message, not_running] = failure();
  EXPECT_FALSE(not_running);
  EXPECT_NE(message.find("another program's socket"), std::string::npos) << message;
}

}  // namespace
}  // namespace screentime::client
