// Bad input of every kind against the real screentimed's control socket: a clear error or a
// closed connection, never a crash, a hang of other clients, or unbounded memory.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/integration/command_runner.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/integration/temp_dir.hpp"

namespace screentime::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;

// A raw client: bytes in, lines out.
class RawClient {
 public:
  explicit RawClient(const fs::path& socket) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socket.c_str(), sizeof address.sun_path - 1);
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawClient() { close(); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  // Sends everything it can; false once the daemon has closed the connection.
  bool send(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }
  // The next line, or nullopt when the connection closed or nothing came in time.
  std::optional<std::string> line(std::chrono::milliseconds timeout = 5s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (true) {
      if (const auto end = buffer_.find('\n'); end != std::string::npos) {
        std::string text = buffer_.substr(0, end);
        buffer_.erase(0, end + 1);
        return text;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      pollfd readable{fd_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&readable, 1, static_cast<int>(left.count())) <= 0) {
        return std::nullopt;
      }
      char chunk[65536];
      const ssize_t n = ::read(fd_, chunk, sizeof chunk);
      if (n <= 0) return std::nullopt;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }
  json reply_to(const std::string& request) {
    if (!send(request + "\n")) return nullptr;
    const auto text = line();
    return text ? json::parse(*text, nullptr, false) : json(nullptr);
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

std::string error_code(const json& reply) {
  return reply.is_object() && reply.contains("error") ? reply["error"].value("code", "") : "";
}

long resident_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

class ProtocolAbuse : public ::testing::Test {
 protected:
  void SetUp() override {
    daemon = std::make_unique<DaemonProcess>(
        std::vector<std::string>{SCREENTIMED, "--config", SCREENTIME_DEFAULT_CONFIG, "--database",
                                 (dir / "history.db").string(), "--socket", socket().string()});
    ASSERT_TRUE(daemon->wait_for_log("started")) << daemon->log();
  }
  void TearDown() override {
    // Whatever happened, the daemon must still stop cleanly.
    daemon->signal(SIGTERM);
    EXPECT_EQ(daemon->wait_exit(), 0) << daemon->log();
  }

  fs::path socket() const { return dir / "control.sock"; }

  std::unique_ptr<RawClient> client() {
    auto raw = std::make_unique<RawClient>(socket());
    EXPECT_TRUE(raw->connected());
    EXPECT_TRUE(raw->line().has_value()) << "greeting";
    return raw;
  }

  void expect_still_serving() {
    auto other = client();
    EXPECT_EQ(other->reply_to(R"({"id":1,"cmd":"status"})").value("ok", false), true);
  }

  TempDir dir{"screentime-abuse"};
  std::unique_ptr<DaemonProcess> daemon;
};

TEST_F(ProtocolAbuse, MalformedRequestsGetPreciseErrorsAndTheConnectionGoesOn) {
  auto raw = client();
  EXPECT_EQ(error_code(raw->reply_to("this is not json")), "parse_error");
  EXPECT_EQ(error_code(raw->reply_to("[1,2,3]")), "parse_error");
  EXPECT_EQ(error_code(raw->reply_to(R"({"id":2,"cmd":"format-disk"})")), "unknown_command");
  EXPECT_EQ(error_code(raw->reply_to(R"({"id":3,"cmd":7})")), "bad_request");
  const auto wrong_type = raw->reply_to(R"({"id":4,"cmd":"usage","args":{"from":5}})");
  EXPECT_EQ(error_code(wrong_type), "bad_request");
  EXPECT_NE(wrong_type["error"].value("message", "").find("args.from"), std::string::npos);
  EXPECT_EQ(error_code(raw->reply_to(R"({"id":5,"cmd":"usage","args":{"by":"week"}})")),
            "bad_request");
  EXPECT_EQ(error_code(raw->reply_to(R"({"id":6,"cmd":"forget"})")), "bad_request");
  EXPECT_EQ(error_code(raw->reply_to("{\"cmd\":\"status\",\"x\":\"\xff\xfe\"}")), "parse_error");
  EXPECT_EQ(raw->reply_to(R"({"id":7,"cmd":"status"})")["id"], 7);
}

TEST_F(ProtocolAbuse, ATenMegabyteLineIsRefusedAndClosedOthersUnaffected) {
  auto raw = client();
  raw->send(std::string(10 * 1024 * 1024, 'x'));
  const auto refusal = raw->line();
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(error_code(json::parse(*refusal)), "line_too_long");
  EXPECT_FALSE(raw->line(2s).has_value()) << "closed";
  expect_still_serving();
  EXPECT_LT(resident_kib(daemon->pid()), 64 * 1024) << "memory stays bounded";
}

TEST_F(ProtocolAbuse, ASilentClientHangsNobody) {
  RawClient silent(socket());
  ASSERT_TRUE(silent.connected());
  expect_still_serving();
}

// Every newcomer is taken; the oldest silent clients made room for the newest 32 (the share
// of one uid, and every client here has the test's uid).
TEST_F(ProtocolAbuse, TwoHundredClientsAtOnce) {
  std::vector<std::unique_ptr<RawClient>> crowd;
  for (int i = 0; i < 200; ++i) crowd.push_back(std::make_unique<RawClient>(socket()));
  for (auto& member : crowd) {
    const auto first = member->line();
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(json::parse(*first, nullptr, false).value("protocol", 0), 1) << *first;
  }
  int turned_away = 0, served = 0;
  for (auto& member : crowd) {
    const json reply = member->reply_to(R"({"cmd":"status"})");
    if (reply.is_object() && reply.value("ok", false)) {
      ++served;
    } else if (reply.is_null() || error_code(reply) == "too_many_clients") {
      ++turned_away;
    }
  }
  EXPECT_EQ(served, 32);
  EXPECT_EQ(turned_away, 168);
  crowd.clear();
  expect_still_serving();
}

// No crowd locks the owner out: with 200 silent connections open and a 10 MB line on its way
// in, `screentimectl status` still answers. The issue asks for 2 s; the latency is printed,
// and only a hang (10 s) fails the test, since the machine's load is not ours to assert.
TEST_F(ProtocolAbuse, StatusAnswersWhileTwoHundredSilentClientsAndATenMegabyteLine) {
  std::vector<std::unique_ptr<RawClient>> crowd;
  for (int i = 0; i < 200; ++i) {
    crowd.push_back(std::make_unique<RawClient>(socket()));
    ASSERT_TRUE(crowd.back()->connected());
    ASSERT_TRUE(crowd.back()->line().has_value()) << "client " << i << ": the daemon took it";
  }

  auto flooder = client();
  std::promise<void> first_chunk_sent;
  auto flooding = first_chunk_sent.get_future();
  std::thread flood([&] {
    const std::string chunk(64 * 1024, 'x');
    bool told = false;
    for (int sent = 0; sent < 160; ++sent) {  // 10 MiB, never a newline
      const bool taken = flooder->send(chunk);
      if (!told) first_chunk_sent.set_value();
      told = true;
      if (!taken) break;  // refused at 64 KiB and closed, as it should be
    }
  });
  flooding.wait();

  const auto begun = std::chrono::steady_clock::now();
  const CommandResult status =
      run_command({SCREENTIMECTL, "--socket", socket().string(), "status", "--json"});
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - begun);
  flood.join();
  std::cout << "screentimectl status answered in " << took.count()
            << " ms with 200 silent clients and a 10 MB line\n";

  EXPECT_EQ(status.exit_status, 0) << status.err;
  const json reply = json::parse(status.out, nullptr, false);
  EXPECT_TRUE(reply.is_object() && reply.contains("state")) << status.out;
  EXPECT_LT(took, 10s) << "a hang, not a slow machine";
}

TEST_F(ProtocolAbuse, AClientThatLeavesMidReplyCostsNothing) {
  for (int i = 0; i < 5; ++i) {
    auto raw = client();
    // About 70,000 hourly entries: several megabytes of reply.
    raw->send(R"({"cmd":"usage","args":{"from":"2018-01-01","to":"2026-01-01","by":"hour"}})"
              "\n");
    raw->close();
  }
  expect_still_serving();
}

}  // namespace
}  // namespace screentime::testing
