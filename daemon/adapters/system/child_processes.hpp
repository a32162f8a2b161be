#pragma once
// ChildProcesses: starts short-lived programs and never waits for them: each one's exit is
// watched on a pidfd through the loop and reaped there, and a failure is said in the log.
// Loop thread only.

#include <sys/types.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <list>
#include <string>
#include <vector>

namespace screentime::adapters {

class ChildProcesses {
 public:
  explicit ChildProcesses(boost::asio::io_context& io) : io_(io) {}

  // Starts `program` (an absolute path) with `argv` (argv[0] first) and `environment`
  // ("NAME=value" each), with a clean slate: default signal actions, no blocked signals,
  // stdin from /dev/null, no descriptor of the daemon's but stdout and stderr (the journal).
  // `what` names it in the log. False, and said in the log, when it could not be started or
  // `limit` children are running already.
  bool start(const std::string& program, const std::vector<std::string>& argv,
             const std::vector<std::string>& environment, const std::string& what,
             std::size_t limit);
  std::size_t running() const { return running_.size(); }

 private:
  struct Child {
    Child(boost::asio::io_context& io, pid_t pid, int pidfd, std::string what);
    pid_t pid;
    boost::asio::posix::stream_descriptor exited;
    std::string what;
  };
  void watch(std::list<Child>::iterator child);
  void reap(std::list<Child>::iterator child);

  boost::asio::io_context& io_;
  std::list<Child> running_;
};

}  // namespace screentime::adapters
