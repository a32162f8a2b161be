#pragma once
// ControlServer: the control socket's transport. It listens on a Unix stream socket, hands
// each complete line a client sends to the ControlHandler with the client's credentials, sends
// the handler's replies, and enforces ControlLimits (who stays and who makes room is decided
// by its ControlRoster). It owns no timer: the request and idle timeouts are deadlines the
// daemon folds into its single timerfd (next_deadline(), on_deadline(), deadline_changed).
// Loop thread only; one io_context.

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "daemon/adapters/control/control_client.hpp"
#include "daemon/adapters/control/control_handler.hpp"
#include "daemon/adapters/control/control_limits.hpp"
#include "daemon/adapters/control/control_roster.hpp"
#include "daemon/adapters/control/control_socket_file.hpp"
#include "daemon/core/clock.hpp"

namespace screentime::adapters {

class ControlServer final : private ControlClient::Owner {
 public:
  // Nothing happens before start(). `clock` and `handler` must outlive the server.
  ControlServer(boost::asio::io_context& io, const core::Clock& clock,
                std::filesystem::path socket_path, ControlHandler& handler,
                ControlLimits limits = {}, SocketAccess access = SocketAccess::owner);
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;
  // Closes every connection (without calling the handler) and removes the socket file.
  ~ControlServer() override;

  // Creates the private folder, claims the socket and starts accepting; once. Throws
  // AlreadyRunningError when another daemon serves the socket, ControlSocketError (both
  // std::runtime_error) for anything else.
  void start();

  // Sends `line` and a '\n' to `client`; nothing if it is gone. May drop the client when it
  // has not read max_pending_output bytes of earlier replies.
  void send(ClientId client, std::string line);
  // A subscribed client has no idle timeout (it waits for pushed events) and is the last to
  // make room for a newcomer.
  void set_subscribed(ClientId client, bool subscribed);
  // Closes `client` once what was sent to it is written.
  void close(ClientId client);

  // The earliest moment a client's request or idle timeout runs out, if any client has one.
  std::optional<core::BootTime> next_deadline() const;
  // Closes the clients whose timeout ran out. Call it when the deadline comes, then
  // re-arm from next_deadline() as after any event.
  void on_deadline();
  // Called whenever next_deadline() changes (after accepts, lines, closes, set_subscribed).
  std::function<void()> deadline_changed;

  std::size_t client_count() const { return clients_.size(); }
  const std::filesystem::path& socket_path() const { return socket_path_; }

 private:
  using Socket = boost::asio::local::stream_protocol::socket;

  void accept_next();
  void on_accept(const boost::system::error_code& error, Socket socket);
  void admit(Socket socket);
  void make_room(ClientId victim);
  std::shared_ptr<ControlClient> find(ClientId client) const;
  void report_deadline();
  std::string refusal_text(RefusalReason reason);

  void on_client_line(ControlClient& client, std::string_view line) override;
  void on_client_line_started(ControlClient& client) override;
  void on_client_line_too_long(ControlClient& client) override;
  void on_client_closed(ControlClient& client, CloseReason reason,
                        const boost::system::error_code& error) override;

  boost::asio::io_context& io_;
  const core::Clock& clock_;
  const std::filesystem::path socket_path_;
  ControlHandler& handler_;
  const ControlLimits limits_;
  const SocketAccess access_;
  ControlRoster roster_{limits_};
  std::optional<ControlSocketFile> socket_file_;
  boost::asio::local::stream_protocol::acceptor acceptor_;
  std::map<ClientId, std::shared_ptr<ControlClient>> clients_;
  std::uint64_t next_id_ = 1;
  std::optional<core::BootTime> reported_deadline_;
  bool accept_paused_ = false;   // out of file descriptors: resumes when a client closes
  bool crowded_warned_ = false;  // "making room" said once until the crowd thins out
  // Callbacks queued on the io_context check it: they must not run after the destructor.
  std::shared_ptr<const bool> alive_ = std::make_shared<const bool>(true);
};

}  // namespace screentime::adapters
