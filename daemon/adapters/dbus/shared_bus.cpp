#include "daemon/adapters/dbus/shared_bus.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <exception>
#include <string>
#include <utility>

namespace screentime::adapters {

SharedBus::SharedBus(boost::asio::io_context& io, SdBusConnection::Bus which)
    : io_(io), which_(which) {}

SharedBus::~SharedBus() = default;

SdBusConnection& SharedBus::connect() {
  if (connection_ && connection_->is_open()) return *connection_;
  if (connection_) was_lost_ = true;  // closed, and its loss not yet handled
  connection_.reset();
  connection_ =
      std::make_unique<SdBusConnection>(io_, which_, [this](std::string_view why) { lost(why); });
  if (was_lost_) announce_connected();
  was_lost_ = false;
  return *connection_;
}

SdBusConnection* SharedBus::get() const {
  return connection_ && connection_->is_open() ? connection_.get() : nullptr;
}

SharedBus::LossSubscription SharedBus::on_lost(LostHandler on_lost) {
  auto handler = std::make_shared<LostHandler>(std::move(on_lost));
  std::erase_if(handlers_, [](const std::weak_ptr<LostHandler>& held) { return held.expired(); });
  handlers_.push_back(handler);
  return handler;
}

SharedBus::ConnectedSubscription SharedBus::on_connected(ConnectedHandler on_connected) {
  auto handler = std::make_shared<ConnectedHandler>(std::move(on_connected));
  std::erase_if(connected_handlers_,
                [](const std::weak_ptr<ConnectedHandler>& held) { return held.expired(); });
  connected_handlers_.push_back(handler);
  return handler;
}

void SharedBus::announce_connected() {
  // From a loop turn of its own: connect() runs inside the caller's own reconnect path.
  for (const auto& weak : connected_handlers_) {
    boost::asio::post(io_, [weak] {
      const auto handler = weak.lock();
      if (!handler || !*handler) return;
      try {
        (*handler)();
      } catch (const std::exception& error) {
        spdlog::error("D-Bus: handling the new connection failed: {}", error.what());
      }
    });
  }
}

void SharedBus::lost(std::string_view why_lost) {
  was_lost_ = true;
  // Kept until every adapter has let go of its calls and matches on it.
  const std::unique_ptr<SdBusConnection> gone = std::move(connection_);
  const std::string why(why_lost);  // `why_lost` lives in the connection
  const auto handlers = handlers_;  // a handler may subscribe or unsubscribe
  for (const auto& weak : handlers) {
    const auto handler = weak.lock();
    if (!handler || !*handler) continue;
    try {
      (*handler)(why);
    } catch (const std::exception& error) {
      spdlog::error("D-Bus: handling the lost connection failed: {}", error.what());
    }
  }
}

}  // namespace screentime::adapters
