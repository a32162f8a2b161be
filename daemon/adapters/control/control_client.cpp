#include "daemon/adapters/control/control_client.hpp"

#include <malloc.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/write.hpp>
#include <exception>
#include <utility>

namespace screentime::adapters {
namespace {

// Output buffers grown past this by a large reply are given back once it is sent.
constexpr std::size_t kKeptOutputCapacity = 64 * 1024;
// Freeing a reply this large is followed by giving the heap's free pages back to the system.
constexpr std::size_t kLargeReply = 1024 * 1024;

bool peer_went_away(const boost::system::error_code& error) {
  return error == boost::asio::error::eof || error == boost::asio::error::connection_reset ||
         error == boost::asio::error::broken_pipe;
}

}  // namespace

const char* to_string(CloseReason reason) {
  switch (reason) {
    case CloseReason::peer_closed:
      return "closed by the client";
    case CloseReason::read_error:
      return "read error";
    case CloseReason::write_error:
      return "write error";
    case CloseReason::line_too_long:
      return "line too long";
    case CloseReason::output_overflow:
      return "not reading its replies";
    case CloseReason::request_timeout:
      return "no complete request in time";
    case CloseReason::idle_timeout:
      return "idle timeout";
    case CloseReason::evicted:
      return "closed to make room for a newcomer";
    case CloseReason::requested:
      return "closed by the server";
  }
  return "unknown";
}

ControlClient::ControlClient(Socket socket, ClientId id, const PeerCredentials& peer,
                             const ControlLimits& limits, Owner& owner)
    : socket_(std::move(socket)), id_(id), peer_(peer), limits_(limits), owner_(owner) {}

void ControlClient::start() {
  if (reading()) read_more();
}

void ControlClient::send(std::string line) {
  if (closed_ || closing_) return;
  const std::size_t pending = writing_.size() + queued_.size();
  if (pending > 0 && pending + line.size() + 1 > limits_.max_pending_output) {
    close(CloseReason::output_overflow);
    return;
  }
  if (queued_.empty()) {
    queued_ = std::move(line);
  } else {
    queued_.append(line);
  }
  queued_.push_back('\n');
  if (!write_in_progress_) write_queued();
}

void ControlClient::close_after_send(CloseReason reason) {
  if (closed_ || closing_) return;
  closing_ = reason;
  partial_ = std::string();
  if (!write_in_progress_) close(reason);
}

void ControlClient::close(CloseReason reason, const boost::system::error_code& error) {
  if (closed_) return;
  shut();
  owner_.on_client_closed(*this, reason, error);
}

void ControlClient::abandon() {
  if (!closed_) shut();
}

// The line goes out with one non-blocking send, and only when no write is under way (it
// could be half sent: the line would land inside it); a client silent the longest has
// normally read its last reply long ago, and the kernel's buffer takes a short line.
void ControlClient::evict(std::string_view last_line) {
  if (closed_) return;
  if (!write_in_progress_ && queued_.empty()) {
    std::string line(last_line);
    line.push_back('\n');
    [[maybe_unused]] const ssize_t sent =
        ::send(socket_.native_handle(), line.data(), line.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  }
  close(CloseReason::evicted);
}

void ControlClient::read_more() {
  socket_.async_read_some(
      boost::asio::buffer(chunk_),
      [self = shared_from_this()](const boost::system::error_code& error, std::size_t size) {
        self->on_read(error, size);
      });
}

// The edge of an Asio callback: nothing escapes it.
void ControlClient::on_read(const boost::system::error_code& error, std::size_t size) {
  if (closed_) return;  // cancelled by close(), or abandoned
  if (error) {
    close(peer_went_away(error) ? CloseReason::peer_closed : CloseReason::read_error, error);
    return;
  }
  try {
    split_lines(std::string_view(chunk_.data(), size));
    if (reading()) read_more();
  } catch (const std::exception& failure) {
    spdlog::error("control client {}: {}; closing it", static_cast<std::uint64_t>(id_),
                  failure.what());
    close(CloseReason::read_error);
  }
}

// Hands each complete line to the owner; keeps the start of an unfinished one. A line over
// the limit is never buffered whole: at the first byte past it the client is refused.
void ControlClient::split_lines(std::string_view data) {
  while (!data.empty() && reading()) {
    const std::size_t newline = data.find('\n');
    const std::string_view piece = data.substr(0, newline);
    if (partial_.size() + piece.size() > limits_.max_line_length) {
      partial_ = std::string();
      owner_.on_client_line_too_long(*this);
      return;
    }
    if (newline == std::string_view::npos) {
      const bool started = partial_.empty() && !piece.empty();
      partial_.append(piece);
      if (started) owner_.on_client_line_started(*this);
      return;
    }
    data.remove_prefix(newline + 1);
    if (partial_.empty()) {
      owner_.on_client_line(*this, piece);
    } else {
      partial_.append(piece);
      const std::string line = std::exchange(partial_, std::string());
      owner_.on_client_line(*this, line);
    }
  }
}

void ControlClient::write_queued() {
  writing_.swap(queued_);
  write_in_progress_ = true;
  boost::asio::async_write(socket_, boost::asio::buffer(writing_),
                           [self = shared_from_this()](const boost::system::error_code& error,
                                                       std::size_t) { self->on_written(error); });
}

// The edge of an Asio callback, like on_read().
void ControlClient::on_written(const boost::system::error_code& error) {
  write_in_progress_ = false;
  if (closed_) return;
  if (error) {
    close(peer_went_away(error) ? CloseReason::peer_closed : CloseReason::write_error, error);
    return;
  }
  writing_.clear();
  if (writing_.capacity() > kKeptOutputCapacity) {
    const bool large = writing_.capacity() > kLargeReply;
    writing_ = std::string();
    // A reply of megabytes (ten years of intervals) and the JSON it was made from are freed
    // by now; glibc would keep the pages for reuse, leaving the daemon tens of MiB above its
    // idle size. Give them back.
    if (large) malloc_trim(0);
  }
  try {
    if (!queued_.empty()) {
      write_queued();
    } else if (closing_) {
      close(*closing_);
    }
  } catch (const std::exception& failure) {
    spdlog::error("control client {}: {}; closing it", static_cast<std::uint64_t>(id_),
                  failure.what());
    close(CloseReason::write_error);
  }
}

// The write under way may still point into writing_ until its handler runs, so only the other
// buffers are freed here; the rest goes with the object.
void ControlClient::shut() {
  closed_ = true;
  boost::system::error_code ignored;
  socket_.close(ignored);
  partial_ = std::string();
  queued_ = std::string();
}

}  // namespace screentime::adapters
