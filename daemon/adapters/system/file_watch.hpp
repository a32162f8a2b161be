#pragma once
// FileWatch: tells when a file is written, replaced or removed, through inotify on its
// folder, since editors and timedatectl save by renaming a new file over the old one.
// Loop thread only.

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <filesystem>
#include <functional>
#include <string>

namespace screentime::adapters {

class FileWatch {
 public:
  // Throws std::system_error when the folder cannot be watched.
  FileWatch(boost::asio::io_context& io, const std::filesystem::path& file,
            std::function<void()> on_change);

 private:
  void wait();

  boost::asio::posix::stream_descriptor fd_;
  std::string name_;
  std::function<void()> on_change_;
};

}  // namespace screentime::adapters
