#include "daemon/adapters/control/limits_feed.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/local/stream_protocol.hpp>
#include <utility>

#include "daemon/adapters/system/loop_edge.hpp"

namespace screentime::adapters {
namespace {

using nlohmann::json;

constexpr std::string_view kWatchRequest = R"({"id":1,"cmd":"limits.watch"})";

// The system role's pushes are small; its replies are bounded by its own limits.
ControlLimits feed_limits() {
  ControlLimits limits;
  limits.max_line_length = 64 * 1024;
  limits.max_pending_output = 4096;
  return limits;
}

}  // namespace

LimitsFeed::LimitsFeed(boost::asio::io_context& io, std::filesystem::path socket,
                       OnStanding on_standing)
    : io_(io), socket_(std::move(socket)), on_standing_(std::move(on_standing)) {}

LimitsFeed::~LimitsFeed() {
  *alive_ = false;
  if (connecting_) connecting_->close();
  if (client_) client_->abandon();
}

void LimitsFeed::start() {
  try {
    // The system role makes its socket anew at each start: that is when to connect again.
    watch_.emplace(io_, socket_, [this] {
      if (client_) return;
      if (connecting_) {
        again_ = true;  // a change while connecting: the socket may be ready only now
      } else {
        connect();
      }
    });
  } catch (const std::exception& error) {
    spdlog::debug("no system role to follow ({}): limits are not shown", error.what());
  }
  connect();
}

void LimitsFeed::connect() {
  if (!std::filesystem::is_socket(socket_)) return;  // the system role is not there (now)
  connecting_ = std::make_unique<ControlClient::Socket>(io_);
  connecting_->async_connect(
      boost::asio::local::stream_protocol::endpoint(socket_.string()),
      [this, alive = std::weak_ptr<bool>(alive_)](const boost::system::error_code& error) {
        if (alive.expired()) return;
        at_loop_edge("system role connection", [&] { on_connected(error); });
      });
}

void LimitsFeed::on_connected(const boost::system::error_code& error) {
  auto socket = std::move(connecting_);
  if (error) {
    spdlog::debug("cannot reach the system role at {}: {}", socket_.string(), error.message());
    if (std::exchange(again_, false)) {
      connect();
    } else {
      set(nullptr);
    }
    return;
  }
  again_ = false;
  client_ = std::make_shared<ControlClient>(std::move(*socket), ClientId{1}, PeerCredentials{},
                                            feed_limits(), static_cast<Owner&>(*this));
  client_->start();
  client_->send(std::string(kWatchRequest));
}

void LimitsFeed::on_client_line(ControlClient& client, std::string_view line) {
  const json message = json::parse(line, nullptr, false);
  if (!message.is_object() || message.contains("protocol")) return;  // the greeting
  if (message.value("event", "") == "limits") {
    set(message.value("limits", json()));
  } else if (message.value("ok", false)) {
    set(message["result"].value("limits", json()));
  } else if (message.contains("error")) {
    // An older system role, or one that refuses: nothing to follow until it starts again.
    spdlog::info("the system role does not tell this user's limits: {}",
                 message["error"].value("message", ""));
    client.close_after_send(CloseReason::requested);
  }
}

void LimitsFeed::on_client_line_too_long(ControlClient& client) {
  client.close(CloseReason::line_too_long);
}

void LimitsFeed::on_client_closed(ControlClient&, CloseReason reason,
                                  const boost::system::error_code&) {
  spdlog::debug("the system role's line closed ({})", to_string(reason));
  client_.reset();
  set(nullptr);
  // The system role may be restarting: its new socket (or this one taking connections again)
  // brings the folder watch's call.
}

void LimitsFeed::set(const json& standing) {
  if (standing == standing_) return;
  standing_ = standing;
  on_standing_(standing_);
}

}  // namespace screentime::adapters
