#pragma once
// What the control socket's transport hands to the protocol above it: one callback per
// complete line, per new and per closed connection, and the words of a refusal. The transport
// knows lines, not JSON. All callbacks run on the loop thread.

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace screentime::adapters {

// One connection, never reused while the server lives: a reply to a closed id goes nowhere.
enum class ClientId : std::uint64_t {};

// Who is at the other end, read once with SO_PEERCRED and SO_PEERGROUPS when the connection
// is accepted: as the kernel saw the peer when it connected, so nothing it does later (nor the
// group database) changes what it may do on this connection.
struct PeerCredentials {
  pid_t pid = 0;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // supplementary groups
};

// Why the transport turns a client away (the protocol chooses the words, see refusal()).
enum class RefusalReason {
  line_too_long,     // a line exceeded ControlLimits::max_line_length; the client is closed
  too_many_clients,  // the table or its uid's share was full: this client, silent the longest,
                     // is closed to make room for a newcomer
};

// ControlHandler: the protocol side of the control socket. Loop thread only. The server never
// calls it from inside one of its own public functions (send, set_subscribed, close, ...), so
// a handler may call those while iterating its own lists.
class ControlHandler {
 public:
  virtual ~ControlHandler() = default;

  // A client connected and was accepted (for the greeting).
  virtual void on_connect(ClientId client, const PeerCredentials& peer) = 0;
  // One complete line, without its '\n', exactly as received (no '\r' stripped, any bytes).
  virtual void on_line(ClientId client, const PeerCredentials& peer, std::string_view line) = 0;
  // The connection is gone, whatever the reason; once per on_connect. Not called while the
  // server is being destroyed.
  virtual void on_disconnect(ClientId client) = 0;
  // The single line (without '\n') sent to a client that is being turned away.
  virtual std::string refusal(RefusalReason reason) = 0;
};

}  // namespace screentime::adapters
