#include "daemon/adapters/wayland/wayland_idle_session.hpp"

#include <spdlog/spdlog.h>
#include <wayland-client.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <limits>

namespace screentime::adapters {
namespace {

std::uint32_t timeout_ms(core::Duration threshold) {
  constexpr auto kMax = std::numeric_limits<std::uint32_t>::max();
  return static_cast<std::uint32_t>(std::clamp<core::Duration::rep>(threshold.count(), 0, kMax));
}

// The listeners run inside wl_display_dispatch_pending, a C frame: nothing may unwind out.
template <class Call>
void guarded(const char* what, const Call& call) noexcept {
  try {
    call();
  } catch (const std::exception& error) {
    spdlog::error("wayland: handling {} failed: {}", what, error.what());
  }
}

}  // namespace

void WaylandProxyDeleter::operator()(wl_callback* callback) const { wl_callback_destroy(callback); }
void WaylandProxyDeleter::operator()(wl_registry* registry) const { wl_registry_destroy(registry); }
// wl_seat.release needs version 5; we bind version 1, where the proxy just goes.
void WaylandProxyDeleter::operator()(wl_seat* seat) const { wl_seat_destroy(seat); }

struct WaylandIdleSession::Callbacks {
  static void global(void* data, wl_registry* registry, std::uint32_t name, const char* interface,
                     std::uint32_t /*version*/) {
    auto& session = *static_cast<WaylandIdleSession*>(data);
    // Version 1 of each is all we use; every compositor offering them has it.
    if (std::strcmp(interface, wl_seat_interface.name) == 0 && !session.seat_) {
      session.seat_.reset(
          static_cast<wl_seat*>(wl_registry_bind(registry, name, &wl_seat_interface, 1)));
      session.seat_name_ = name;
      return;
    }
    const auto protocols = wayland_idle_protocols();
    for (std::size_t i = 0; i < protocols.size(); ++i) {
      if (std::strcmp(interface, protocols[i].global->name) == 0 && !session.offered_[i]) {
        session.offered_[i] = name;
      }
    }
  }

  static void global_remove(void* data, wl_registry* /*registry*/, std::uint32_t name) {
    auto& session = *static_cast<WaylandIdleSession*>(data);
    if (name == session.seat_name_ && session.seat_) {
      guarded("a removed seat", [&] { session.lose("the compositor removed its wl_seat"); });
    } else if (name == session.protocol_name_ && session.protocol_) {
      guarded("a removed global", [&] {
        session.lose(std::string("the compositor removed ") + session.protocol_kind_->global->name);
      });
    }
  }

  // The answer to the sync sent after the registry: every global was announced before it.
  static void globals_done(void* data, wl_callback* /*callback*/, std::uint32_t /*serial*/) {
    static_cast<WaylandIdleSession*>(data)->on_globals();
  }

  static const wl_registry_listener kRegistry;
  static const wl_callback_listener kGlobalsDone;
};

const wl_registry_listener WaylandIdleSession::Callbacks::kRegistry{&global, &global_remove};
const wl_callback_listener WaylandIdleSession::Callbacks::kGlobalsDone{&globals_done};

void WaylandIdleSession::Notification::on_idle() {
  idle = true;
  if (retired || session->lost_) return;
  // Last: the handler may replace the objects, this one included.
  guarded("idle", [&] { session->handler_.on_idled(threshold); });
}

void WaylandIdleSession::Notification::on_resumed() {
  idle = false;
  WaylandIdleSession& owner = *session;
  if (retired) {
    // It has seen the idle spell out. Any other retired ones say the same: they go too (and
    // their queued events with them). `this` is gone after this.
    std::erase_if(owner.notifications_, [](const auto& each) { return each->retired; });
  }
  if (owner.lost_) return;
  guarded("resumed", [&] { owner.handler_.on_resumed(); });
}

WaylandIdleSession::WaylandIdleSession(boost::asio::io_context& io, const std::string& display_name,
                                       Handler& handler)
    : handler_(handler),
      display_name_(display_name),
      connection_(io, display_name),
      offered_(wayland_idle_protocols().size()) {
  registry_.reset(wl_display_get_registry(connection_.display()));
  wl_registry_add_listener(registry_.get(), &Callbacks::kRegistry, this);
  // Answered after every global was announced (the seat is bound as it comes).
  globals_.reset(wl_display_sync(connection_.display()));
  wl_callback_add_listener(globals_.get(), &Callbacks::kGlobalsDone, this);
  connection_.flush();
}

void WaylandIdleSession::watch() {
  connection_.watch(
      [this](const std::string& why) { guarded("a lost connection", [&] { lose(why); }); });
}

void WaylandIdleSession::wait(std::chrono::milliseconds timeout) {
  connection_.roundtrip(timeout);  // answered after the globals' sync: on_globals() ran
  if (!lost_) watch();
}

void WaylandIdleSession::on_globals() {
  globals_.reset();
  guarded("the compositor's globals", [&] {
    const std::string where = "the compositor on \"" + display_name_ + "\"";
    try {
      bind_protocol(where);
      if (!seat_) throw WaylandError(where + " has no wl_seat");
    } catch (const WaylandError& error) {
      return lose(error.what());
    }
    ready_ = true;
    handler_.on_ready();
  });
}

WaylandIdleSession::~WaylandIdleSession() = default;

void WaylandIdleSession::bind_protocol(const std::string& where) {
  const auto protocols = wayland_idle_protocols();
  std::string known;
  for (std::size_t i = 0; i < protocols.size(); ++i) {
    if (offered_[i]) {
      protocol_kind_ = &protocols[i];
      protocol_name_ = *offered_[i];
      protocol_ = protocols[i].bind(*registry_, protocol_name_);
      return;
    }
    known += (known.empty() ? "" : " nor ") + std::string(protocols[i].global->name);
  }
  throw WaylandError(where + " offers no idle protocol (neither " + known + ")");
}

void WaylandIdleSession::set_thresholds(std::span<const core::Duration> thresholds) {
  if (!ready_) return;  // the owner gives them once on_ready() said so
  std::erase_if(notifications_, [](const auto& each) { return !each->idle; });
  for (auto& each : notifications_) each->retired = true;
  for (const core::Duration threshold : thresholds) {
    auto notification = std::make_unique<Notification>();
    notification->session = this;
    notification->threshold = threshold;
    notification->timeout = protocol_->watch(*seat_, timeout_ms(threshold), *notification);
    notifications_.push_back(std::move(notification));
  }
  connection_.flush();
}

void WaylandIdleSession::lose(const std::string& why) {
  if (lost_) return;
  lost_ = true;
  handler_.on_lost(why);
}

}  // namespace screentime::adapters
