#pragma once
// ControlClient: one accepted connection of the control socket. It splits what it reads into
// lines (never holding more than the line limit), queues what is sent to it (up to the output
// cap) and closes on request, on error or at a limit, reporting to its Owner. Kept alive by
// shared_ptr while an operation is under way, so it may be closed from inside any callback.
// Loop thread only.

#include <array>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/system/error_code.hpp>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/adapters/control/control_handler.hpp"
#include "daemon/adapters/control/control_limits.hpp"

namespace screentime::adapters {

enum class CloseReason {
  peer_closed,      // end of file, reset or broken pipe: the client went away
  read_error,       // any other error reading
  write_error,      // any other error writing
  line_too_long,    // refused after sending the refusal
  output_overflow,  // it did not read its replies
  request_timeout,  // no complete request within the request timeout
  idle_timeout,     // no complete line within the idle timeout
  evicted,          // closed to make room for a newcomer
  requested,        // ControlServer::close()
};

const char* to_string(CloseReason reason);

class ControlClient : public std::enable_shared_from_this<ControlClient> {
 public:
  using Socket = boost::asio::local::stream_protocol::socket;

  // Who hears about the connection's events; called from its completion handlers, and from
  // send() and close() when they close it.
  class Owner {
   public:
    virtual ~Owner() = default;
    virtual void on_client_line(ControlClient& client, std::string_view line) = 0;
    // The first bytes of a line came, without its '\n' yet.
    virtual void on_client_line_started(ControlClient& client) = 0;
    virtual void on_client_line_too_long(ControlClient& client) = 0;
    // Once, when the connection is closed (not after abandon()).
    virtual void on_client_closed(ControlClient& client, CloseReason reason,
                                  const boost::system::error_code& error) = 0;
  };

  ControlClient(Socket socket, ClientId id, const PeerCredentials& peer,
                const ControlLimits& limits, Owner& owner);
  ControlClient(const ControlClient&) = delete;
  ControlClient& operator=(const ControlClient&) = delete;

  // Starts reading (unless already closing).
  void start();
  // Queues `line` and a '\n'. Closes the client with output_overflow when that would put more
  // than the output cap in its queue; one line into an empty queue is always taken.
  void send(std::string line);
  // Stops reading, sends what is queued, then closes with `reason`.
  void close_after_send(CloseReason reason);
  // Closes now and tells the owner (once).
  void close(CloseReason reason, const boost::system::error_code& error = {});
  // Closes now without telling anyone: the owner is going away.
  void abandon();
  // Closes now with reason evicted, first sending `last_line` and a '\n' if nothing else is
  // being written and the socket takes it at once (a best effort: the place must free now).
  void evict(std::string_view last_line);

  ClientId id() const { return id_; }
  const PeerCredentials& peer() const { return peer_; }
  bool closed() const { return closed_; }

 private:
  void read_more();
  void on_read(const boost::system::error_code& error, std::size_t size);
  void split_lines(std::string_view data);
  void write_queued();
  void on_written(const boost::system::error_code& error);
  void shut();
  bool reading() const { return !closed_ && !closing_; }

  Socket socket_;
  const ClientId id_;
  const PeerCredentials peer_;
  const ControlLimits limits_;
  Owner& owner_;
  bool closed_ = false;
  std::optional<CloseReason> closing_;  // set by close_after_send
  bool write_in_progress_ = false;
  std::array<char, 4096> chunk_{};  // one read
  std::string partial_;             // the start of a line whose '\n' has not come yet
  std::string writing_;             // the bytes the write under way is sending
  std::string queued_;              // lines sent since that write started
};

}  // namespace screentime::adapters
