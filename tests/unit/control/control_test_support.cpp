#include "tests/unit/control/control_test_support.hpp"

#include <stdlib.h>

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>
#include <stdexcept>

namespace screentime::adapters::testing {

TempDir::TempDir() {
  std::string pattern = "/tmp/ctl-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void EchoHandler::on_connect(ClientId client, const PeerCredentials& peer) {
  connected.emplace_back(client, peer);
  server->send(client, "hello");
}

void EchoHandler::on_line(ClientId client, const PeerCredentials&, std::string_view line) {
  lines.emplace_back(client, std::string(line));
  if (line == "!subscribe") {
    server->set_subscribed(client, true);
    server->send(client, "subscribed");
  } else if (line.starts_with("!big ")) {
    server->send(client, std::string(std::stoul(std::string(line.substr(5))), 'x'));
  } else if (line == "!close") {
    server->send(client, "bye");
    server->close(client);
  } else if (line == "!throw") {
    throw std::runtime_error("the test handler throws on request");
  } else {
    server->send(client, std::string(line));
  }
}

void EchoHandler::on_disconnect(ClientId client) { disconnected.insert(client); }

std::string EchoHandler::refusal(RefusalReason reason) {
  return reason == RefusalReason::line_too_long ? "refused: line too long"
                                                : "refused: too many clients";
}

struct TestClient::State {
  explicit State(boost::asio::io_context& io) : socket(io) {}

  boost::asio::local::stream_protocol::socket socket;
  std::array<char, 64 * 1024> buffer{};
  std::string received;
  std::string outgoing;
  bool closed = false;
  bool write_failed = false;
};

namespace {

void read_more(const std::shared_ptr<TestClient::State>& state);

}  // namespace

TestClient::TestClient(boost::asio::io_context& io, const std::filesystem::path& socket, bool read)
    : state_(std::make_shared<State>(io)) {
  state_->socket.connect(boost::asio::local::stream_protocol::endpoint(socket.string()));
  if (read) read_more(state_);
}

void TestClient::write(std::string_view bytes) {
  boost::asio::write(state_->socket, boost::asio::buffer(bytes.data(), bytes.size()));
}

void TestClient::write_async(std::string bytes) {
  state_->outgoing = std::move(bytes);
  boost::asio::async_write(state_->socket, boost::asio::buffer(state_->outgoing),
                           [state = state_](const boost::system::error_code& error, std::size_t) {
                             if (error) state->write_failed = true;
                           });
}

void TestClient::close() {
  boost::system::error_code ignored;
  state_->socket.close(ignored);
}

const std::string& TestClient::received() const { return state_->received; }

std::vector<std::string> TestClient::lines() const {
  std::vector<std::string> result;
  std::string_view rest = state_->received;
  for (auto newline = rest.find('\n'); newline != std::string_view::npos;
       newline = rest.find('\n')) {
    result.emplace_back(rest.substr(0, newline));
    rest.remove_prefix(newline + 1);
  }
  return result;
}

bool TestClient::closed() const { return state_->closed; }
bool TestClient::write_failed() const { return state_->write_failed; }

namespace {

void read_more(const std::shared_ptr<TestClient::State>& state) {
  state->socket.async_read_some(boost::asio::buffer(state->buffer),
                                [state](const boost::system::error_code& error, std::size_t size) {
                                  if (error) {
                                    state->closed = true;
                                    return;
                                  }
                                  state->received.append(state->buffer.data(), size);
                                  read_more(state);
                                });
}

}  // namespace

Harness::Harness(ControlLimits limits, core::FakeClock* fake)
    : fake_clock(fake),
      server(io, fake != nullptr ? static_cast<const core::Clock&>(*fake) : clock,
             dir.path() / "control.sock", handler, limits),
      timer(io, [this] {
        server.on_deadline();
        timer.arm(server.next_deadline());
      }) {
  handler.server = &server;
  if (fake_clock == nullptr) {
    server.deadline_changed = [this] { timer.arm(server.next_deadline()); };
  }
  server.start();
}

bool Harness::run_until(const std::function<bool()>& done, std::chrono::milliseconds cap) {
  const auto end = std::chrono::steady_clock::now() + cap;
  while (!done()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= end) return false;
    if (io.stopped()) io.restart();
    io.run_one_for(std::min<std::chrono::steady_clock::duration>(end - now, 50ms));
  }
  return true;
}

void Harness::poll() {
  if (io.stopped()) io.restart();
  io.poll();
}

bool Harness::disconnected(std::size_t connect_index) const {
  return handler.disconnected.contains(id(connect_index));
}

}  // namespace screentime::adapters::testing
