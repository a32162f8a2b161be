// bench_control_load: many clients at once on a daemon's control socket, each sending its
// requests one after the other (as screentimectl and status bars do), to measure what the
// crowd gets: throughput, latency percentiles, and how many connections the daemon turned away
// to keep its per-client limits (ControlLimits). A client turned away connects again, and the
// time that took counts in its request's latency.
//
//   bench_control_load SOCKET CLIENTS REQUESTS [REQUEST_JSON] [--uid UID] [--expect CODE]
//
// REQUEST_JSON is one request line without its id (default {"cmd":"status"}); REQUESTS are
// spread evenly over the clients. --uid: as root, become that uid before connecting (the
// system role serves many uids). --expect: every reply must be ok (the default) or fail with
// that error code. Prints one line of JSON; exits 1 when a reply was missing or unexpected.
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string socket;
  std::size_t clients = 0;
  std::size_t requests = 0;
  std::string request = R"({"cmd":"status"})";
  long uid = -1;
  std::string expect;
};

struct Client {
  int fd = -1;
  bool greeted = false;
  std::size_t left = 0;        // requests still to complete
  std::size_t sent_id = 0;     // id of the request in flight, 0 when none
  Clock::time_point asked_at;  // when the request in flight was first attempted
  bool attempt_open = false;   // asked_at is set for the request to come
  std::string input;
};

struct Tally {
  std::vector<double> latencies_ms;
  std::size_t turned_away = 0;
  std::size_t unexpected = 0;
  std::string first_unexpected;
};

int connect_to(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 &&
      errno != EINPROGRESS && errno != EAGAIN) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool parse(int argc, char** argv, Options& options) {
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word == "--uid" && i + 1 < argc) {
      options.uid = std::strtol(argv[++i], nullptr, 10);
    } else if (word == "--expect" && i + 1 < argc) {
      options.expect = argv[++i];
    } else {
      positional.push_back(word);
    }
  }
  if (positional.size() < 3) return false;
  options.socket = positional[0];
  options.clients = std::strtoul(positional[1].c_str(), nullptr, 10);
  options.requests = std::strtoul(positional[2].c_str(), nullptr, 10);
  if (positional.size() > 3) options.request = positional[3];
  return options.clients > 0 && options.requests >= options.clients && options.request.size() > 2 &&
         options.request.front() == '{';
}

// The request line with its id put first.
std::string line_for(const Options& options, std::size_t id) {
  std::string line = "{\"id\":" + std::to_string(id);
  if (options.request != "{}")
    line += "," + options.request.substr(1);
  else
    line += "}";
  return line + "\n";
}

bool reply_expected(const Options& options, const std::string& line) {
  if (options.expect.empty()) return line.find("\"ok\":true") != std::string::npos;
  return line.find("\"code\":\"" + options.expect + "\"") != std::string::npos;
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  std::size_t index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

class Crowd {
 public:
  explicit Crowd(const Options& options) : options_(options), clients_(options.clients) {
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    const std::size_t each = options.requests / options.clients;
    for (std::size_t i = 0; i < clients_.size(); ++i) {
      clients_[i].left = each + (i < options.requests % options.clients ? 1 : 0);
      open(i);
    }
  }

  Tally run() {
    std::vector<epoll_event> events(256);
    while (busy_ > 0) {
      int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 10000);
      if (n == 0) {
        tally_.unexpected += busy_;
        tally_.first_unexpected = "no reply within 10 s";
        break;
      }
      for (int k = 0; k < n; ++k) serve(events[k].data.u64, events[k].events);
    }
    return std::move(tally_);
  }

 private:
  void open(std::size_t i) {
    Client& client = clients_[i];
    if (!client.attempt_open) {
      client.asked_at = Clock::now();
      client.attempt_open = true;
    }
    client.fd = connect_to(options_.socket);
    client.greeted = false;
    client.sent_id = 0;
    client.input.clear();
    if (client.fd < 0) {
      ++tally_.unexpected;
      tally_.first_unexpected = std::string("connect: ") + std::strerror(errno);
      return;
    }
    ++busy_;
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP;
    event.data.u64 = i;
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, client.fd, &event);
  }

  void close_client(std::size_t i) {
    Client& client = clients_[i];
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, client.fd, nullptr);
    ::close(client.fd);
    client.fd = -1;
    --busy_;
  }

  void send_next(std::size_t i) {
    Client& client = clients_[i];
    if (!client.attempt_open) {
      client.asked_at = Clock::now();
      client.attempt_open = true;
    }
    client.sent_id = ++next_id_;
    const std::string line = line_for(options_, client.sent_id);
    // A request line is far below the socket buffer: one write takes it whole or the
    // daemon is gone (then the read side says so).
    (void)!::send(client.fd, line.data(), line.size(), MSG_NOSIGNAL);
  }

  void serve(std::size_t i, std::uint32_t what) {
    Client& client = clients_[i];
    char buffer[65536];
    ssize_t got = (what & EPOLLIN) ? ::read(client.fd, buffer, sizeof buffer) : 0;
    if (got < 0 && errno == EAGAIN) return;
    if (got <= 0) {
      // Turned away (or dropped) before the request was answered: connect again.
      ++tally_.turned_away;
      close_client(i);
      open(i);
      return;
    }
    client.input.append(buffer, static_cast<std::size_t>(got));
    std::size_t end;
    while ((end = client.input.find('\n')) != std::string::npos) {
      std::string line = client.input.substr(0, end);
      client.input.erase(0, end + 1);
      if (line.find("\"code\":\"too_many_clients\"") != std::string::npos) {
        // Closed to make room for a newcomer: connect again, the request still waiting.
        ++tally_.turned_away;
        close_client(i);
        open(i);
        return;
      }
      if (!client.greeted) {
        client.greeted = true;
        send_next(i);
        continue;
      }
      const auto took = std::chrono::duration<double, std::milli>(Clock::now() - client.asked_at);
      tally_.latencies_ms.push_back(took.count());
      client.attempt_open = false;
      if (!reply_expected(options_, line)) {
        if (tally_.unexpected++ == 0) tally_.first_unexpected = line.substr(0, 300);
      }
      if (--client.left == 0) {
        close_client(i);
        return;
      }
      send_next(i);
    }
  }

  const Options& options_;
  std::vector<Client> clients_;
  int epoll_ = -1;
  std::size_t busy_ = 0;
  std::size_t next_id_ = 0;
  Tally tally_;
};

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse(argc, argv, options)) {
    std::fprintf(stderr,
                 "usage: bench_control_load SOCKET CLIENTS REQUESTS [REQUEST_JSON] [--uid UID] "
                 "[--expect CODE]\n(REQUESTS at least CLIENTS)\n");
    return 2;
  }
  if (options.uid >= 0 &&
      ::setresuid(static_cast<uid_t>(options.uid), static_cast<uid_t>(options.uid),
                  static_cast<uid_t>(options.uid)) != 0) {
    std::perror("setresuid");
    return 2;
  }
  const auto started = Clock::now();
  Tally tally = Crowd(options).run();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::sort(tally.latencies_ms.begin(), tally.latencies_ms.end());
  const std::size_t answered = tally.latencies_ms.size();
  std::printf(
      "{\"clients\":%zu,\"requests\":%zu,\"answered\":%zu,\"unexpected\":%zu,"
      "\"turned_away\":%zu,\"seconds\":%.2f,\"per_second\":%.0f,\"p50_ms\":%.2f,"
      "\"p99_ms\":%.2f,\"max_ms\":%.2f}\n",
      options.clients, options.requests, answered, tally.unexpected, tally.turned_away, seconds,
      static_cast<double>(answered) / seconds, percentile(tally.latencies_ms, 0.5),
      percentile(tally.latencies_ms, 0.99),
      tally.latencies_ms.empty() ? 0.0 : tally.latencies_ms.back());
  if (tally.unexpected > 0) {
    std::fprintf(stderr, "unexpected: %s\n", tally.first_unexpected.c_str());
    return 1;
  }
  return answered == options.requests ? 0 : 1;
}
