#pragma once
// GnomeIdleSource: idle and input from GNOME's compositor, org.gnome.Mutter.IdleMonitor on
// the session bus: one idle watch per threshold, and while the user is away a one-shot
// user-active watch for the input that ends it; plus org.gnome.ScreenSaver's ActiveChanged.
// Event-driven: no polling and no deadline of its own. Loop thread only.

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
#include "daemon/adapters/desktop/mutter_idle_monitor.hpp"
#include "daemon/adapters/desktop/screen_saver_watch.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/idle_source.hpp"
#include "daemon/core/time.hpp"

namespace screentime::adapters {

class GnomeIdleSource final : public core::IdleSource, private MutterIdleMonitor::Handler {
 public:
  // On the user's shared session bus `bus`.
  GnomeIdleSource(SharedBus& bus, const core::Clock& clock, core::IdleObserver& observer);
  ~GnomeIdleSource() override;
  GnomeIdleSource(const GnomeIdleSource&) = delete;
  GnomeIdleSource& operator=(const GnomeIdleSource&) = delete;

  // Called once with whether the source works (the reason logged when not).
  using Started = std::function<void(bool works)>;

  // Asks whether Mutter's IdleMonitor is on the session bus and adds the watches, without
  // waiting: `started(true)` once Mutter took them all, `(false)` when it is not there,
  // refuses one or does not answer within MutterIdleMonitor::kCallTimeout. From the loop,
  // or at once. A user already away longer than a threshold gets on_idle at once after.
  void start_async(std::span<const core::Duration> thresholds, Started started);
  // The same, waiting for the outcome (start-up only: it runs the bus, not the loop).
  bool start(std::span<const core::Duration> thresholds) override;
  // Removes the watches of thresholds no longer wanted and adds the new ones; a threshold
  // already reported stays reported until input.
  void set_thresholds(std::span<const core::Duration> thresholds) override;
  // Removes every watch (the shared bus stays); start() may be called again.
  void stop();

  std::string name() const override { return "gnome"; }
  std::string describe() const override { return "GNOME Mutter IdleMonitor"; }
  core::Duration precision() const override { return core::Duration::zero(); }

  // org.gnome.ScreenSaver's active state, on each change (GNOME Shell's lock screen): the
  // daemon treats an active screen saver as locked. Never called where that name is absent.
  std::function<void(bool active)> on_screensaver_active;

 private:
  // MutterIdleMonitor::Handler
  void on_idle_watch_fired(core::Duration interval) override;
  void on_user_active() override;
  void on_monitor_owner(bool present) override;
  void on_adds_answered() override;

  void on_first_owner(std::optional<bool> present);
  // Ends start_async(): works when `why_not` is empty (logged as a warning unless `log` is
  // false, for what was said already).
  void finish_start(const std::string& why_not, bool log = true);

  void connect();
  void on_bus_lost(std::string_view why);
  void leave_bus();
  std::vector<core::Duration> lengths() const;
  void on_idletime(std::optional<core::Duration> idle);
  void enter_idle(const core::Instant& last_input, core::Duration reached);
  void report_reached(core::Duration reached);
  void lose(const std::string& why);

  SharedBus& shared_;
  const core::Clock& clock_;
  core::IdleObserver& observer_;
  SdBusConnection* bus_ = nullptr;  // while started
  SharedBus::LossSubscription loss_;
  Started starting_;           // while start_async() waits
  SdBusSlotPtr asking_owner_;  // NameHasOwner on its way
  std::unique_ptr<MutterIdleMonitor> monitor_;
  std::unique_ptr<ScreenSaverWatch> screen_saver_;
  std::vector<IdleThreshold> thresholds_;  // ascending
  std::optional<core::Duration> firing_;   // a watch fired, GetIdletime is on its way
  core::Instant fired_at_{};               // when it fired
  core::Instant last_input_{};             // while idle_
  bool present_ = false;                   // Mutter's IdleMonitor is on the bus
  bool idle_ = false;                      // on_idle sent, no input since
  bool known_ = true;  // false after on_idle_source_lost, until on_idle or on_input
};

}  // namespace screentime::adapters
