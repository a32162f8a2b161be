#pragma once
// Helpers for the control socket tests: a private temp folder, an echo handler, a test client
// driven by the same io_context as the server, and a harness that runs a real ControlServer
// with the real SystemClock and DeadlineTimer. Everything runs on the test's thread.

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/adapters/control/control_handler.hpp"
#include "daemon/adapters/control/control_server.hpp"
#include "daemon/adapters/system/deadline_timer.hpp"
#include "daemon/adapters/system/system_clock.hpp"
#include "daemon/core/fake_clock.hpp"

namespace screentime::adapters::testing {

using namespace std::chrono_literals;

// A fresh folder with a short path (a socket path has at most 107 bytes), removed at the end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Greets with "hello", echoes every line exactly, and obeys a few commands that start with '!':
// "!subscribe", "!big N" (an N-byte reply), "!close" (replies "bye", then closes), "!throw".
class EchoHandler final : public ControlHandler {
 public:
  void on_connect(ClientId client, const PeerCredentials& peer) override;
  void on_line(ClientId client, const PeerCredentials& peer, std::string_view line) override;
  void on_disconnect(ClientId client) override;
  std::string refusal(RefusalReason reason) override;

  ControlServer* server = nullptr;
  std::vector<std::pair<ClientId, PeerCredentials>> connected;
  std::vector<std::pair<ClientId, std::string>> lines;
  std::set<ClientId> disconnected;
};

// One client connection. Reading (when asked to) goes on in the background of the io_context
// and collects everything; a client that does not read lets the server's output pile up.
class TestClient {
 public:
  TestClient(boost::asio::io_context& io, const std::filesystem::path& socket, bool read = true);

  void write(std::string_view bytes);   // blocking: for what fits in the socket buffer
  void write_async(std::string bytes);  // for large writes; the loop carries them out
  void close();

  const std::string& received() const;
  std::vector<std::string> lines() const;  // the complete lines received so far
  bool closed() const;                     // end of file or an error seen while reading
  bool write_failed() const;

  struct State;  // shared with the pending reads and writes, which may outlive the client

 private:
  std::shared_ptr<State> state_;
};

// A started ControlServer on `dir/control.sock` with the DeadlineTimer armed from its
// next_deadline(), as the daemon does. Given a FakeClock, the server reads time from it and
// the timer is never armed (its deadlines are on the fake clock): the test advances the clock
// and calls server.on_deadline() itself.
class Harness {
 public:
  explicit Harness(ControlLimits limits = {}, core::FakeClock* fake_clock = nullptr);

  // Runs the loop until `done` holds; false if `cap` passed first.
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds cap = 5s);
  // Runs whatever is ready now, without waiting.
  void poll();
  bool disconnected(std::size_t connect_index) const;
  ClientId id(std::size_t connect_index) const { return handler.connected.at(connect_index).first; }
  std::filesystem::path socket() const { return dir.path() / "control.sock"; }

  boost::asio::io_context io;
  SystemClock clock;
  core::FakeClock* fake_clock;
  EchoHandler handler;
  TempDir dir;
  ControlServer server;
  DeadlineTimer timer;
};

}  // namespace screentime::adapters::testing
