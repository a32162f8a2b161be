#pragma once
// LimitsFeed: the user role's line to the system role. It keeps one `limits.watch` open on the
// system socket and hands on the user's standing against a parent's limits each time the
// system role pushes it, so that the user's own `status` and subscribers show the limit and
// nobody polls. Where no system role listens it holds null and costs nothing; when the system
// role goes away it waits for the socket to appear again (inotify on its folder), never on a
// timer. It never blocks the loop: connecting, reading and writing are all asynchronous.
// Loop thread only.

#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "daemon/adapters/control/control_client.hpp"
#include "daemon/adapters/system/file_watch.hpp"

namespace screentime::adapters {

class LimitsFeed final : private ControlClient::Owner {
 public:
  // Called with each standing pushed (a `limits.status` object), and with null when the user
  // has no limits or the system role is gone.
  using OnStanding = std::function<void(const nlohmann::json& standing)>;

  LimitsFeed(boost::asio::io_context& io, std::filesystem::path socket, OnStanding on_standing);
  ~LimitsFeed() override;
  LimitsFeed(const LimitsFeed&) = delete;
  LimitsFeed& operator=(const LimitsFeed&) = delete;

  // Watches the socket's folder (when it exists) and connects.
  void start();
  // The standing as last handed on (null: none).
  const nlohmann::json& standing() const { return standing_; }

 private:
  void connect();
  void on_connected(const boost::system::error_code& error);
  void set(const nlohmann::json& standing);
  void on_client_line(ControlClient& client, std::string_view line) override;
  void on_client_line_started(ControlClient&) override {}
  void on_client_line_too_long(ControlClient& client) override;
  void on_client_closed(ControlClient& client, CloseReason reason,
                        const boost::system::error_code& error) override;

  boost::asio::io_context& io_;
  std::filesystem::path socket_;
  OnStanding on_standing_;
  std::optional<FileWatch> watch_;
  std::unique_ptr<ControlClient::Socket> connecting_;
  std::shared_ptr<ControlClient> client_;
  bool again_ = false;       // the folder changed while connecting: try once more
  nlohmann::json standing_;  // as last handed on
  // Completion handlers check it, so that none runs on a feed that is gone.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace screentime::adapters
