#include "daemon/adapters/control/control_socket_file.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "daemon/adapters/control/control_error.hpp"
#include "daemon/adapters/control/socket_path.hpp"

namespace screentime::adapters {
namespace {

constexpr mode_t kLockMode = 0600;

mode_t socket_mode(SocketAccess access) { return access == SocketAccess::everyone ? 0666 : 0600; }

[[noreturn]] void throw_errno(const std::filesystem::path& path, const char* doing, int error) {
  throw ControlSocketError("control socket \"" + path.string() + "\": " + doing + ": " +
                           std::strerror(error));
}

sockaddr_un socket_address(const std::filesystem::path& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string& text = path.native();
  if (text.size() >= sizeof address.sun_path) {
    throw ControlSocketError("control socket \"" + text + "\": path longer than " +
                             std::to_string(sizeof address.sun_path - 1) +
                             " bytes, which a Unix socket cannot have");
  }
  std::memcpy(address.sun_path, text.c_str(), text.size() + 1);
  return address;
}

// sockaddr_un is what the socket calls take; casting to sockaddr is how the API is meant.
const sockaddr* as_sockaddr(const sockaddr_un& address) {
  return reinterpret_cast<const sockaddr*>(&address);
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

}  // namespace

ControlSocketFile::ControlSocketFile(std::filesystem::path path, SocketAccess access)
    : path_(std::move(path)), access_(access) {
  socket_address(path_);  // refuse a path too long before touching anything
  prepare_socket_folder(path_.parent_path(), access == SocketAccess::everyone);
  try {
    take_lock();
    remove_if_stale();
    bind_and_listen();
  } catch (...) {
    if (bound_) unlink(path_.c_str());
    if (listen_fd_ >= 0) close(listen_fd_);
    if (lock_fd_ >= 0) close(lock_fd_);
    throw;
  }
}

ControlSocketFile::~ControlSocketFile() {
  if (bound_) {
    struct stat info {};
    // A later daemon may have taken the path over (after we hung, say): leave its socket be.
    if (lstat(path_.c_str(), &info) == 0 && info.st_dev == device_ && info.st_ino == inode_) {
      unlink(path_.c_str());
    }
  }
  if (listen_fd_ >= 0) close(listen_fd_);
  if (lock_fd_ >= 0) close(lock_fd_);  // the lock file stays: removing it would race
}

int ControlSocketFile::release_listening_fd() { return std::exchange(listen_fd_, -1); }

// The lock makes the check-then-bind below safe against a second daemon starting at the same
// moment; the probe alone could not (both could see a stale socket and both bind).
void ControlSocketFile::take_lock() {
  const std::filesystem::path lock_path = path_.string() + ".lock";
  lock_fd_ = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, kLockMode);
  if (lock_fd_ < 0) throw_errno(lock_path, "cannot open its lock file", errno);
  if (flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) throw AlreadyRunningError(path_);
    throw_errno(lock_path, "cannot lock", errno);
  }
}

void ControlSocketFile::remove_if_stale() {
  struct stat info {};
  if (lstat(path_.c_str(), &info) != 0) {
    if (errno == ENOENT) return;
    throw_errno(path_, "cannot inspect it", errno);
  }
  if (!S_ISSOCK(info.st_mode)) {
    throw ControlSocketError("control socket \"" + path_.string() +
                             "\": something other than a socket is there; refusing to replace it");
  }
  // Non-blocking, so a live daemon with a full backlog answers EAGAIN instead of hanging us.
  Fd probe(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (probe.get() < 0) throw_errno(path_, "cannot create a socket", errno);
  const sockaddr_un address = socket_address(path_);
  if (connect(probe.get(), as_sockaddr(address), sizeof address) == 0 || errno == EAGAIN) {
    throw AlreadyRunningError(path_);
  }
  if (errno == ENOENT) return;
  if (errno != ECONNREFUSED) throw_errno(path_, "cannot check the socket already there", errno);
  if (unlink(path_.c_str()) != 0 && errno != ENOENT) {
    throw_errno(path_, "cannot remove the stale socket", errno);
  }
  spdlog::info("removed the stale control socket \"{}\" (its screentimed did not stop cleanly)",
               path_.string());
}

void ControlSocketFile::bind_and_listen() {
  listen_fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw_errno(path_, "cannot create a socket", errno);
  const sockaddr_un address = socket_address(path_);
  if (bind(listen_fd_, as_sockaddr(address), sizeof address) != 0) {
    throw_errno(path_, "cannot bind", errno);
  }
  bound_ = true;
  if (listen(listen_fd_, SOMAXCONN) != 0) throw_errno(path_, "cannot listen", errno);
  struct stat info {};
  // The folder's mode says the same already; the socket's own mode says it again. Set last,
  // so that the change of mode, which a watcher of the folder sees, means "ready".
  if (chmod(path_.c_str(), socket_mode(access_)) != 0 || lstat(path_.c_str(), &info) != 0) {
    throw_errno(path_, "cannot set its mode", errno);
  }
  device_ = info.st_dev;
  inode_ = info.st_ino;
}

}  // namespace screentime::adapters
