#include "daemon/adapters/system/file_watch.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <boost/asio/posix/descriptor_base.hpp>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "daemon/adapters/system/loop_edge.hpp"

namespace screentime::adapters {
namespace {

int watch_folder(const std::filesystem::path& folder) {
  const int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "inotify_init1");
  const auto events = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_ATTRIB;
  if (inotify_add_watch(fd, folder.c_str(), events) < 0) {
    const int error = errno;
    ::close(fd);
    throw std::system_error(error, std::generic_category(), "inotify_add_watch " + folder.string());
  }
  return fd;
}

}  // namespace

FileWatch::FileWatch(boost::asio::io_context& io, const std::filesystem::path& file,
                     std::function<void()> on_change)
    : fd_(io, watch_folder(file.has_parent_path() ? file.parent_path() : ".")),
      name_(file.filename().string()),
      on_change_(std::move(on_change)) {
  wait();
}

void FileWatch::wait() {
  fd_.async_wait(boost::asio::posix::descriptor_base::wait_read,
                 [this](const boost::system::error_code& error) {
                   if (error) return;
                   alignas(inotify_event) char buffer[4096];
                   bool ours = false;
                   ssize_t length = 0;
                   while ((length = ::read(fd_.native_handle(), buffer, sizeof buffer)) > 0) {
                     for (ssize_t at = 0; at < length;) {
                       inotify_event event;
                       std::memcpy(&event, buffer + at, sizeof event);
                       const char* name = buffer + at + sizeof event;
                       if (event.len > 0 && name_ == name) ours = true;
                       at += static_cast<ssize_t>(sizeof event + event.len);
                     }
                   }
                   // One call for a burst of events (an editor's write, rename, chmod).
                   if (ours) at_loop_edge("file change", on_change_);
                   wait();
                 });
}

}  // namespace screentime::adapters
