// The socket in the file system: private modes, one daemon per socket, stale sockets taken
// over, nothing else replaced, the peer's credentials, and the default location.

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>

#include "daemon/adapters/control/control_error.hpp"
#include "daemon/adapters/control/socket_path.hpp"
#include "tests/unit/control/control_test_support.hpp"

namespace screentime::adapters::testing {
namespace {

mode_t mode_of(const std::filesystem::path& path) {
  struct stat info {};
  if (lstat(path.c_str(), &info) != 0) return 0;
  return info.st_mode & 07777;
}

// A raw socket bound at `path`, listening or not: what another program (or a crash) left.
int bound_socket(const std::filesystem::path& path, bool listening) {
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strcpy(address.sun_path, path.c_str());
  if (bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
      (listening && listen(fd, 4) != 0)) {
    throw std::runtime_error("cannot bind the test socket");
  }
  return fd;
}

// What the default logger says while it lives.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink_));
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  std::string text() const {
    std::string all;
    for (const auto& line : sink_->last_formatted()) all += line;
    return all;
  }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_ =
      std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(20);
};

struct Standalone {
  boost::asio::io_context io;
  SystemClock clock;
  EchoHandler handler;
};

TEST(ControlSocket, FoldersAre0700AndTheSocket0600WhateverTheUmask) {
  TempDir dir;
  Standalone loop;
  const auto socket = dir.path() / "run" / "screentime" / "control.sock";
  const mode_t old_umask = umask(0);
  ControlServer server(loop.io, loop.clock, socket, loop.handler);
  server.start();
  umask(old_umask);

  EXPECT_EQ(mode_of(dir.path() / "run"), 0700u);
  EXPECT_EQ(mode_of(dir.path() / "run" / "screentime"), 0700u);
  EXPECT_EQ(mode_of(socket), 0600u);
  struct stat info {};
  ASSERT_EQ(lstat(socket.c_str(), &info), 0);
  EXPECT_TRUE(S_ISSOCK(info.st_mode));
}

TEST(ControlSocket, PeerCredentialsAreTheConnectingProcess) {
  Harness harness;
  TestClient client(harness.io, harness.socket());
  ASSERT_TRUE(harness.run_until([&] { return !harness.handler.connected.empty(); }));
  const PeerCredentials& peer = harness.handler.connected[0].second;
  EXPECT_EQ(peer.uid, getuid());
  EXPECT_EQ(peer.gid, getgid());
  EXPECT_EQ(peer.pid, getpid());
}

TEST(ControlSocket, SecondInstanceRefusesToStart) {
  Harness first;
  Standalone loop;
  ControlServer second(loop.io, loop.clock, first.socket(), loop.handler);
  try {
    second.start();
    FAIL() << "the second server started";
  } catch (const AlreadyRunningError& error) {
    EXPECT_NE(std::string(error.what()).find("another screentimed is already running"),
              std::string::npos);
    EXPECT_NE(std::string(error.what()).find(first.socket().string()), std::string::npos);
  }
  TestClient client(first.io, first.socket());
  EXPECT_TRUE(first.run_until([&] { return client.lines().size() == 1; }));
}

TEST(ControlSocket, SocketSomeoneListensOnIsNotTakenOver) {
  TempDir dir;
  const auto socket = dir.path() / "control.sock";
  const int other = bound_socket(socket, /*listening=*/true);
  Standalone loop;
  ControlServer server(loop.io, loop.clock, socket, loop.handler);
  EXPECT_THROW(server.start(), AlreadyRunningError);
  struct stat info {};
  EXPECT_EQ(lstat(socket.c_str(), &info), 0);
  close(other);
}

TEST(ControlSocket, StaleSocketFromACrashIsTakenOver) {
  TempDir dir;
  chmod(dir.path().c_str(), 0700);
  const auto socket = dir.path() / "control.sock";
  close(bound_socket(socket, /*listening=*/false));  // the file stays, nobody listens

  Standalone loop;
  ControlServer server(loop.io, loop.clock, socket, loop.handler);
  loop.handler.server = &server;
  server.start();
  TestClient client(loop.io, socket);
  loop.io.run_one_for(2s);  // the accept
  EXPECT_EQ(loop.handler.connected.size(), 1u);
}

TEST(ControlSocket, SocketFileIsRemovedAtExit) {
  TempDir dir;
  const auto socket = dir.path() / "control.sock";
  {
    Standalone loop;
    ControlServer server(loop.io, loop.clock, socket, loop.handler);
    server.start();
    EXPECT_TRUE(std::filesystem::exists(socket));
  }
  EXPECT_FALSE(std::filesystem::exists(socket));
}

TEST(ControlSocket, OtherFileAtThePathIsLeftAlone) {
  TempDir dir;
  const auto path = dir.path() / "control.sock";
  std::ofstream(path) << "not a socket";
  Standalone loop;
  ControlServer server(loop.io, loop.clock, path, loop.handler);
  EXPECT_THROW(server.start(), ControlSocketError);
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "not a socket");
}

TEST(ControlSocket, FolderOthersCanEnterIsRefused) {
  TempDir dir;
  const auto folder = dir.path() / "open";
  ASSERT_EQ(mkdir(folder.c_str(), 0755), 0);
  ASSERT_EQ(chmod(folder.c_str(), 0755), 0);
  Standalone loop;
  ControlServer server(loop.io, loop.clock, folder / "control.sock", loop.handler);
  try {
    server.start();
    FAIL() << "started in a 0755 folder";
  } catch (const ControlSocketError& error) {
    EXPECT_NE(std::string(error.what()).find("mode 0700"), std::string::npos) << error.what();
  }
}

TEST(ControlSocket, PathTooLongForASocketIsRefused) {
  TempDir dir;
  Standalone loop;
  ControlServer server(loop.io, loop.clock, dir.path() / std::string(120, 'p'), loop.handler);
  EXPECT_THROW(server.start(), ControlSocketError);
}

TEST(ControlSocketPath, UsesXdgRuntimeDir) {
  const ControlSocketChoice choice = choose_control_socket_path("/run/user/4242", 4242);
  EXPECT_EQ(choice.path, "/run/user/4242/screentime/control.sock");
  EXPECT_FALSE(choice.in_tmp_fallback);
  EXPECT_EQ(default_control_socket_path("/run/user/4242", 4242), choice.path);
}

TEST(ControlSocketPath, XdgRuntimeDirUnderTmpIsNoFallbackAndNotLoggedAsOne) {
  // A test session's, or a container's, runtime folder may well lie under /tmp.
  const ControlSocketChoice choice =
      choose_control_socket_path("/tmp/screentime-runtime-4242", 4242);
  EXPECT_EQ(choice.path, "/tmp/screentime-runtime-4242/screentime/control.sock");
  EXPECT_FALSE(choice.in_tmp_fallback);
  const LogCapture log;
  EXPECT_EQ(default_control_socket_path("/tmp/screentime-runtime-4242", 4242), choice.path);
  EXPECT_EQ(log.text(), "");
}

// A uid with no /run/user folder on any machine the tests run on.
constexpr uid_t kNoRunUser = 4'000'000'000U;

TEST(ControlSocketPath, TheTmpFallbackIsLoggedWithWhatWasMissing) {
  const std::string uid = std::to_string(kNoRunUser);
  ASSERT_FALSE(std::filesystem::is_directory("/run/user/" + uid));
  struct Case {
    const char* runtime_dir;
    std::string said;
  };
  for (const Case& each :
       {Case{"", "$XDG_RUNTIME_DIR is not set and there is no /run/user/" + uid},
        Case{"relative",
             "$XDG_RUNTIME_DIR (\"relative\") is not an absolute path and there is "
             "no /run/user/" +
                 uid}}) {
    const LogCapture log;
    EXPECT_EQ(default_control_socket_path(each.runtime_dir, kNoRunUser),
              "/tmp/screentime-" + uid + "/control.sock");
    EXPECT_NE(log.text().find(each.said +
                              ": control socket in the private folder \"/tmp/"
                              "screentime-" +
                              uid + "\""),
              std::string::npos)
        << log.text();
  }
}

TEST(ControlSocketPath, WithoutXdgRuntimeDirUsesRunUserElseAPrivateTmpFolder) {
  for (const char* value : {"", "relative/is/ignored"}) {
    const uid_t self = getuid();
    const std::string uid = std::to_string(self);
    const ControlSocketChoice choice = choose_control_socket_path(value, self);
    if (std::filesystem::is_directory("/run/user/" + uid)) {
      EXPECT_EQ(choice.path, "/run/user/" + uid + "/screentime/control.sock");
      EXPECT_FALSE(choice.in_tmp_fallback);
    } else {
      EXPECT_EQ(choice.path, "/tmp/screentime-" + uid + "/control.sock");
      EXPECT_TRUE(choice.in_tmp_fallback);
    }
    const ControlSocketChoice elsewhere = choose_control_socket_path(value, kNoRunUser);
    EXPECT_EQ(elsewhere.path, "/tmp/screentime-" + std::to_string(kNoRunUser) + "/control.sock");
    EXPECT_TRUE(elsewhere.in_tmp_fallback);
  }
}

}  // namespace
}  // namespace screentime::adapters::testing
