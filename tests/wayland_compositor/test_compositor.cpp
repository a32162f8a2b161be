// screentime_test_compositor: a minimal Wayland compositor for the integration tests: a real
// libwayland-server peer offering wl_seat and an idle protocol (ext_idle_notifier_v1, KDE's
// org_kde_kwin_idle as sway 1.7 offers it, both, or none), with no outputs and no surfaces. What a
// user would do comes as commands on stdin, one a line:
//   input   the user touched something: idle notifications resume, every timeout restarts
//   idle    the user is away: every notification goes idle now
//   quit    exit (so does the end of stdin, SIGTERM and SIGINT)
// Usage: screentime_test_compositor [--socket NAME] [--idle ext|kde|both|none]
// (default: ext; with both, org_kde_kwin_idle is announced first). It listens on NAME in
// $XDG_RUNTIME_DIR (default: the first free wayland-N) and prints "ready NAME" on stdout once
// clients can connect.

#include <unistd.h>
#include <wayland-server.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <list>
#include <optional>
#include <string>
#include <string_view>

#include "tests/wayland_compositor/idle_notifier.hpp"
#include "tests/wayland_compositor/test_seat.hpp"

namespace screentime::testing {
namespace {

struct Compositor {
  wl_display* display = nullptr;
  std::list<IdleNotifier> notifiers;
  std::string input;  // stdin read so far, up to an incomplete line
};

void run_command(Compositor& compositor, std::string_view command) {
  if (command == "quit") return wl_display_terminate(compositor.display);
  if (command == "input" || command == "idle") {
    for (IdleNotifier& notifier : compositor.notifiers) {
      command == "input" ? notifier.input() : notifier.idle_now();
    }
    return;
  }
  std::fprintf(stderr, "test compositor: unknown command \"%.*s\"\n",
               static_cast<int>(command.size()), command.data());
}

int read_commands(int fd, std::uint32_t /*mask*/, void* data) {
  auto& compositor = *static_cast<Compositor*>(data);
  char buffer[256];
  const ssize_t length = read(fd, buffer, sizeof buffer);
  if (length < 0 && (errno == EINTR || errno == EAGAIN)) return 0;
  if (length <= 0) {  // the test is gone
    wl_display_terminate(compositor.display);
    return 0;
  }
  compositor.input.append(buffer, static_cast<std::size_t>(length));
  for (auto end = compositor.input.find('\n'); end != std::string::npos;
       end = compositor.input.find('\n')) {
    const std::string line = compositor.input.substr(0, end);
    compositor.input.erase(0, end + 1);
    run_command(compositor, line);
  }
  return 0;
}

int terminate(int /*signal*/, void* data) {
  wl_display_terminate(static_cast<wl_display*>(data));
  return 0;
}

int run(int argc, char** argv) {
  std::string socket;
  std::string_view idle = "ext";
  for (int i = 1; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument == "--socket" && i + 1 < argc) {
      socket = argv[++i];
    } else if (argument == "--idle" && i + 1 < argc) {
      idle = argv[++i];
    } else {
      idle = "";
      break;
    }
  }
  if (idle != "ext" && idle != "kde" && idle != "both" && idle != "none") {
    std::fprintf(stderr, "usage: %s [--socket NAME] [--idle ext|kde|both|none]\n", argv[0]);
    return 2;
  }

  Compositor compositor;
  compositor.display = wl_display_create();
  if (compositor.display == nullptr) return 1;
  const char* name = socket.empty() ? wl_display_add_socket_auto(compositor.display)
                     : wl_display_add_socket(compositor.display, socket.c_str()) == 0
                         ? socket.c_str()
                         : nullptr;
  if (name == nullptr) {
    std::fprintf(stderr, "test compositor: cannot listen on \"%s\" in $XDG_RUNTIME_DIR\n",
                 socket.c_str());
    wl_display_destroy(compositor.display);
    return 1;
  }
  const std::string listening = name;
  std::optional<TestSeat> seat(compositor.display);
  // KDE's first: a client must prefer ext-idle-notify-v1 by name, not take the first offered.
  if (idle == "kde" || idle == "both") {
    compositor.notifiers.emplace_back(compositor.display, IdleNotifier::Protocol::kde_idle);
  }
  if (idle == "ext" || idle == "both") {
    compositor.notifiers.emplace_back(compositor.display, IdleNotifier::Protocol::ext_idle_notify);
  }

  wl_event_loop* loop = wl_display_get_event_loop(compositor.display);
  wl_event_source* commands =
      wl_event_loop_add_fd(loop, STDIN_FILENO, WL_EVENT_READABLE, &read_commands, &compositor);
  wl_event_source* sigterm =
      wl_event_loop_add_signal(loop, SIGTERM, &terminate, compositor.display);
  wl_event_source* sigint = wl_event_loop_add_signal(loop, SIGINT, &terminate, compositor.display);

  std::printf("ready %s\n", listening.c_str());
  std::fflush(stdout);
  wl_display_run(compositor.display);

  wl_event_source_remove(sigint);
  wl_event_source_remove(sigterm);
  wl_event_source_remove(commands);
  wl_display_destroy_clients(compositor.display);
  compositor.notifiers.clear();
  seat.reset();
  wl_display_destroy(compositor.display);  // removes the socket
  return 0;
}

}  // namespace
}  // namespace screentime::testing

int main(int argc, char** argv) { return screentime::testing::run(argc, argv); }
