#pragma once
// ScreensaverIdleSource: idle time from org.freedesktop.ScreenSaver on the session bus (KDE,
// xfce4-screensaver and others), plus its ActiveChanged. That interface has no idle events,
// only GetSessionIdleTime in whole seconds, so this source polls: while the user is active,
// once at the moment the next threshold could be reached (now + threshold - idle time),
// never on a fixed tick; while the user is away, every precision() (1 s) for the input that
// ends it. The polls are paced by the daemon's single deadline (next_deadline()/on_deadline()),
// with no timer of its own. Loop thread only.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"
#include "daemon/adapters/dbus/shared_bus.hpp"
#include "daemon/adapters/desktop/desktop_bus.hpp"
#include "daemon/adapters/desktop/screen_saver_watch.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/idle_source.hpp"
#include "daemon/core/time.hpp"

namespace screentime::adapters {

class ScreensaverIdleSource final : public core::IdleSource {
 public:
  // On the user's shared session bus `bus`.
  ScreensaverIdleSource(SharedBus& bus, const core::Clock& clock, core::IdleObserver& observer);
  ~ScreensaverIdleSource() override;
  ScreensaverIdleSource(const ScreensaverIdleSource&) = delete;
  ScreensaverIdleSource& operator=(const ScreensaverIdleSource&) = delete;

  // Called once with whether the source works (the reason logged when not).
  using Started = std::function<void(bool works)>;

  // Asks whether the service is on the session bus and reads the idle time once, on
  // /org/freedesktop/ScreenSaver, else /ScreenSaver, without waiting: `started(true)` with
  // the first answer, `(false)` when the service is not there, cannot tell the idle time
  // (GNOME's proxy of that name) or does not answer within 5 s. From the loop, or at once.
  void start_async(std::span<const core::Duration> thresholds, Started started);
  // The same, waiting for the outcome (start-up only: it runs the bus, not the loop).
  bool start(std::span<const core::Duration> thresholds) override;
  // Takes the new thresholds and reads the idle time again to schedule the next poll.
  void set_thresholds(std::span<const core::Duration> thresholds) override;
  // Lets go of the bus; no more deadlines. start() may be called again.
  void stop();

  std::string name() const override { return "screensaver"; }
  std::string describe() const override;
  // The service answers in whole seconds: a threshold is seen up to 1 s after it passed (a
  // faster poll could not place it closer), and input after idle, polled every second, up
  // to 1 s late. One poll a second only while the user is away and the screen saver is off.
  core::Duration precision() const override { return kInputPoll; }

  // The next poll, or nullopt while a poll is on its way or nothing is to be polled.
  std::optional<core::BootTime> next_deadline() const override { return poll_at_; }
  // Call when the daemon's deadline fires (it does nothing before next_deadline()), then
  // re-arm from next_deadline() as after any event.
  void on_deadline() override;
  // Called when next_deadline() changes other than inside on_deadline() (an answer came).
  std::function<void()> deadline_changed;

  // The screen saver's active state, on each change: the daemon treats an active screen
  // saver as locked.
  std::function<void(bool active)> on_screensaver_active;

  static constexpr core::Duration kInputPoll = std::chrono::seconds{1};

 private:
  void connect();
  void leave_bus();
  void on_bus_lost(std::string_view why);
  void on_service_owner(bool present);
  void on_screen_saver(bool active);
  void on_first_owner(std::optional<bool> present);
  void probe(std::size_t path);
  void on_probe_failed(const std::string& why);
  // Ends start_async(): works when `why_not` is empty (logged as a warning unless `log` is
  // false, for what was said already).
  void finish_start(const std::string& why_not, bool log = true);
  void poll();
  void on_poll_answer(sd_bus_message& reply);
  void on_idle_time(core::Duration idle, const core::Instant& now);
  void schedule(core::Duration idle, const core::Instant& now);
  void lose(const std::string& why);
  void announce_deadline();

  SharedBus& shared_;
  const core::Clock& clock_;
  core::IdleObserver& observer_;
  SdBusConnection* bus_ = nullptr;  // while started
  SharedBus::LossSubscription loss_;
  SdBusSlotPtr owner_match_;
  std::unique_ptr<ScreenSaverWatch> screen_saver_;
  SdBusSlotPtr polling_;       // GetSessionIdleTime on its way
  std::string path_;           // the object that answered at start
  Started starting_;           // while start_async() waits
  SdBusSlotPtr asking_owner_;  // NameHasOwner on its way
  std::size_t probing_ = 0;    // which of the paths start_async() asks
  std::string probe_errors_;
  std::vector<IdleThreshold> thresholds_;  // ascending
  std::optional<core::BootTime> poll_at_;
  core::BootTime polled_at_{};  // when the poll on its way was sent
  // While idle_: answer time - idle time when it was first seen. Never before the true last
  // input: the answer is cut to whole seconds and was measured before it arrived.
  core::Instant last_input_{};
  bool started_ = false;  // start() succeeded: failures are now the source's loss
  bool present_ = false;  // the service is on the bus
  bool failing_ = false;  // polls fail; retrying slowly
  bool idle_ = false;     // on_idle sent, no input since
  bool known_ = true;     // false after on_idle_source_lost, until on_idle or on_input
};

}  // namespace screentime::adapters
