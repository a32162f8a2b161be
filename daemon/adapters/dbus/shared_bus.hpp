#pragma once
// SharedBus: the daemon's one connection to one bus (the system bus, or a user's session bus),
// shared by every adapter that talks on it, so that the process holds one socket, one
// timerfd and one set of wakeups per bus however many adapters follow something there. It
// connects at first use; when the connection is lost it tells every adapter that asked (each
// drops its calls and matches) and the next use connects anew, which it tells the adapters
// that wait for that (one adapter's reconnect path serves them all). Loop thread only.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "daemon/adapters/dbus/sd_bus_connection.hpp"

namespace screentime::adapters {

class SharedBus {
 public:
  using LostHandler = std::function<void(std::string_view why)>;
  // Holds a LostHandler registered with on_lost(); dropping it unregisters the handler.
  using LossSubscription = std::shared_ptr<LostHandler>;

  SharedBus(boost::asio::io_context& io, SdBusConnection::Bus which);
  ~SharedBus();
  SharedBus(const SharedBus&) = delete;
  SharedBus& operator=(const SharedBus&) = delete;

  // The connection, opened now when there is none (first use, or the last one was lost).
  // Throws std::system_error when the bus cannot be reached.
  SdBusConnection& connect();
  // The connection while it is open, else nullptr; never connects.
  SdBusConnection* get() const;

  // Runs `on_lost` from a loop turn of its own when the connection is lost (every handler
  // registered then runs, in the order they came; one may destroy another's owner, whose
  // handler then does not run). Keep the subscription for as long as it should run.
  [[nodiscard]] LossSubscription on_lost(LostHandler on_lost);

  using ConnectedHandler = std::function<void()>;
  using ConnectedSubscription = std::shared_ptr<ConnectedHandler>;
  // Runs `on_connected` from a loop turn of its own each time connect() opens a connection
  // after one was lost (not at the first connection). Keep the subscription for as long as it
  // should run.
  [[nodiscard]] ConnectedSubscription on_connected(ConnectedHandler on_connected);

 private:
  void lost(std::string_view why);
  void announce_connected();

  boost::asio::io_context& io_;
  SdBusConnection::Bus which_;
  std::unique_ptr<SdBusConnection> connection_;
  std::vector<std::weak_ptr<LostHandler>> handlers_;
  std::vector<std::weak_ptr<ConnectedHandler>> connected_handlers_;
  bool was_lost_ = false;
};

// What the owner passes to the parts that talk on either bus.
struct SharedBuses {
  SharedBus& system;
  SharedBus& session;
};

}  // namespace screentime::adapters
