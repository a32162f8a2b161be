#pragma once
// WaylandIdleSource: input idle times from a Wayland compositor through ext-idle-notify-v1,
// or KDE's org_kde_kwin_idle where that is all it offers (sway 1.7), one timeout object per
// threshold. Event-driven: no thread, no timer, nothing
// wakes while the user is idle or active; connecting never waits on the compositor: its
// answer comes through the loop, and the daemon's single deadline (next_deadline(),
// on_deadline()) ends a wait for an answer that does not come, and paces reconnecting after
// the compositor went away.
// Loop thread only. The observer is called from inside libwayland's dispatch: it may call
// set_thresholds() there, but must not destroy the source.
//
// The protocols' rule: while an idle inhibitor is active (zwp_idle_inhibitor_v1 on a visible
// surface, a video playing), the compositor must not send `idled`. Such time reaches us as
// "no idle", silently; the daemon learns of inhibitors, and caps them, elsewhere.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "daemon/adapters/wayland/wayland_idle_session.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/idle_source.hpp"
#include "daemon/core/time.hpp"

namespace screentime::adapters {

class WaylandIdleSource final : public core::IdleSource, private WaylandIdleSession::Handler {
 public:
  // `display` is $WAYLAND_DISPLAY as main read it ("" when unset).
  WaylandIdleSource(boost::asio::io_context& io, const core::Clock& clock,
                    core::IdleObserver& observer, std::string display);
  ~WaylandIdleSource() override;
  WaylandIdleSource(const WaylandIdleSource&) = delete;
  WaylandIdleSource& operator=(const WaylandIdleSource&) = delete;

  // Called once with whether the source works (the reason logged when not).
  using Started = std::function<void(bool works)>;

  // Connects to the compositor named by $WAYLAND_DISPLAY without waiting for it:
  // `started(true)` once it answered with a wl_seat and an idle protocol, `(false)` when
  // WAYLAND_DISPLAY is unset, nothing listens there, the compositor lacks a wl_seat or both
  // ext_idle_notifier_v1 and org_kde_kwin_idle (Mutter, for one), or it does not answer
  // within 5 s (next_deadline()). From the loop, or at once.
  void start_async(std::span<const core::Duration> thresholds, Started started);
  // The same, waiting for the outcome (start-up only: it reads the compositor's socket, not
  // the loop) for at most 5 s.
  bool start(std::span<const core::Duration> thresholds) override;
  // Destroys the timeout objects and makes them anew (kept across a lost compositor).
  void set_thresholds(std::span<const core::Duration> thresholds) override;

  std::string name() const override { return "wayland"; }
  // "Wayland ext-idle-notify-v1 on wayland-1", "Wayland org_kde_kwin_idle on wayland-1".
  std::string describe() const override;
  // The compositor tells the moment a timeout runs out.
  core::Duration precision() const override { return core::Duration::zero(); }

  // When on_deadline() has work: giving up on a compositor that has not answered, or
  // reconnecting after the compositor went away.
  std::optional<core::BootTime> next_deadline() const override;
  // Call when the daemon's deadline fires (it does nothing before next_deadline()), then
  // re-arm from next_deadline() as after any event.
  void on_deadline() override;
  // Called when next_deadline() changes other than inside on_deadline() (connecting began,
  // the compositor answered or went).
  std::function<void()> deadline_changed;

 private:
  // WaylandIdleSession::Handler
  void on_ready() override;
  void on_idled(core::Duration threshold) override;
  void on_resumed() override;
  void on_lost(const std::string& why) override;

  // Takes the thresholds and `started`, and connects; false when there is nothing to wait
  // for (`started` was told).
  bool begin_connecting(std::span<const core::Duration> thresholds, Started started);
  void connect();
  void abandon_connecting(const std::string& why);
  void connect_failed(const std::string& why);
  void finish_start(bool works);
  void end_idle_spell();
  void announce_deadline();

  boost::asio::io_context& io_;
  const core::Clock& clock_;
  core::IdleObserver& observer_;
  std::string display_;       // as given
  std::string display_name_;  // empty: not started
  std::string protocol_;      // the one the compositor last connected to offered
  std::vector<core::Duration> thresholds_;
  std::unique_ptr<WaylandIdleSession> session_;  // answered, and watched
  // Connected, waiting for the compositor's answer until connect_by_ (never with session_).
  std::unique_ptr<WaylandIdleSession> connecting_;
  std::optional<core::BootTime> connect_by_;
  Started starting_;  // while the first connection waits for its answer
  // A session that reported itself lost, destroyed from the loop once out of its own handler.
  std::unique_ptr<WaylandIdleSession> lost_session_;
  // The idle spell under way: the thresholds reported, and since when the user is away.
  std::vector<core::Duration> reported_;
  std::optional<core::Instant> away_since_;
  std::optional<core::BootTime> retry_at_;
  core::Duration retry_wait_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // for work posted to the loop
};

}  // namespace screentime::adapters
