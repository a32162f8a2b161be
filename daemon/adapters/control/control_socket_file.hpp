#pragma once
// ControlSocketFile: the control socket's life in the file system. It claims the path for one
// daemon (a lock file beside it, then a probe of any socket already there), takes over a stale
// socket left by a crash, binds and listens with the access asked, and removes the socket at the
// end if it is still ours. Loop thread only; used at start and at exit.

#include <sys/types.h>

#include <filesystem>

namespace screentime::adapters {

// Who may connect. `owner`: the daemon's own uid only (folder 0700, socket 0600): the user
// role. `everyone`: every user (folder 0755, socket 0666), each request then authorized from
// the peer's credentials: the system role.
enum class SocketAccess { owner, everyone };

class ControlSocketFile {
 public:
  // Prepares the folder, then claims and binds `path`. Throws AlreadyRunningError when
  // another daemon serves it and ControlSocketError for anything else (the path is then left
  // as it was).
  explicit ControlSocketFile(std::filesystem::path path, SocketAccess access = SocketAccess::owner);
  ControlSocketFile(const ControlSocketFile&) = delete;
  ControlSocketFile& operator=(const ControlSocketFile&) = delete;
  ~ControlSocketFile();

  // The listening socket (non-blocking, close-on-exec); the caller owns it from now on.
  int release_listening_fd();

 private:
  void take_lock();
  void remove_if_stale();
  void bind_and_listen();

  std::filesystem::path path_;
  SocketAccess access_;
  int lock_fd_ = -1;
  int listen_fd_ = -1;
  bool bound_ = false;
  dev_t device_ = 0;  // identify our socket file: only that one is removed at the end
  ino_t inode_ = 0;
};

}  // namespace screentime::adapters
