#pragma once
// X11IdleSource: the user's idle time from the X server on $DISPLAY. Event-driven through the
// XSync extension's IDLETIME counter: one alarm per threshold fires when the idle time reaches
// it, and after any idle report one more fires at the next input; both carry the counter's
// value, so each report is backdated to the real last input. Only where XSync is missing does
// it poll the MIT-SCREEN-SAVER idle time (X11IdlePoll). It survives the X server going away
// (xcb, not Xlib): the observer hears on_idle_source_lost, and reconnecting waits for the
// daemon's single deadline timer, through next_deadline() and on_deadline(), with back-off.
// Loop thread only; no thread or timer of its own.

#include <xcb/sync.h>
#include <xcb/xcb.h>

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/adapters/x11/reconnect_backoff.hpp"
#include "daemon/adapters/x11/x11_idle_poll.hpp"
#include "daemon/adapters/x11/xcb_connection.hpp"
#include "daemon/adapters/x11/xsync_idle_alarms.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/idle_source.hpp"
#include "daemon/core/time.hpp"

namespace screentime::adapters {

enum class X11IdleMethod {
  kAuto,              // XSync IDLETIME alarms, else the polled MIT-SCREEN-SAVER idle time
  kScreenSaverQuery,  // always poll (servers whose IDLETIME is broken; tests of the fallback)
};

class X11IdleSource final : public core::IdleSource {
 public:
  // `display` is $DISPLAY as main read it ("" when unset).
  X11IdleSource(boost::asio::io_context& io, const core::Clock& clock, core::IdleObserver& observer,
                std::string display, X11IdleMethod method = X11IdleMethod::kAuto);
  ~X11IdleSource() override;
  X11IdleSource(const X11IdleSource&) = delete;
  X11IdleSource& operator=(const X11IdleSource&) = delete;

  // Connects to $DISPLAY and sets the alarms. False, with the reason logged, when DISPLAY is
  // unset or the server cannot be reached, or has neither extension. Nothing is reported
  // at start unless the user is already idle past a threshold (then on_idle, backdated).
  bool start(std::span<const core::Duration> thresholds) override;
  void set_thresholds(std::span<const core::Duration> thresholds) override;

  std::string name() const override { return "x11"; }
  std::string describe() const override;  // e.g. "X11 XSync IDLETIME on :1"
  // Zero with XSync; X11IdlePoll::kInputInterval when polling.
  core::Duration precision() const override;

  // Reconnecting after the connection broke, or the next poll.
  std::optional<core::BootTime> next_deadline() const override;
  // Call when the daemon's deadline fires (nothing happens before next_deadline()), then
  // re-arm from next_deadline() as after any event. After reconnecting, the current state is
  // reported: on_idle for each threshold already reached, else on_input (the last input).
  void on_deadline() override;
  // Called when next_deadline() changes other than inside start() or on_deadline(): the
  // connection broke, or the thresholds changed while polling. The observer's
  // on_idle_source_lost comes last, so it may destroy this source.
  std::function<void()> deadline_changed;

 private:
  void connect();
  void disconnect();
  void on_event(const xcb_generic_event_t& event);
  void on_connection_lost(std::string_view why);
  void reconnect();

  // XSync
  void arm_idle_alarms();
  void on_alarm(const XSyncAlarmEvent& alarm);
  // MIT-SCREEN-SAVER
  void poll();

  void report_idle(core::Duration threshold, const core::Instant& last_input);
  void report_input(const core::Instant& at);
  void report_state_after_reconnect(core::Duration idle, const core::Instant& now);
  std::optional<core::Duration> next_unreported(core::Duration above) const;

  boost::asio::io_context& io_;
  const core::Clock& clock_;
  core::IdleObserver& observer_;
  X11IdleMethod method_;
  std::string display_;
  std::vector<core::Duration> thresholds_;  // ascending, positive, no duplicates
  std::vector<core::Duration> reported_;    // since the last input
  core::MonotonicTime away_since_{};        // the last input of the current reports (polling)
  bool polling_ = false;                    // chose the screen saver query
  bool lost_ = false;                       // reconnecting: report the state when back

  std::unique_ptr<XcbConnection> connection_;
  std::optional<XSyncIdleAlarms> xsync_;
  std::vector<std::pair<xcb_sync_alarm_t, core::Duration>> idle_alarms_;    // alarm, threshold
  std::optional<std::pair<xcb_sync_alarm_t, core::Duration>> input_alarm_;  // alarm, at most
  std::optional<X11IdlePoll> poll_;
  std::optional<core::BootTime> poll_at_;

  ReconnectBackoff retry_;
};

}  // namespace screentime::adapters
