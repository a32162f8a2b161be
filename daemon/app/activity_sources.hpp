#pragma once
// ActivitySources: finds and owns what tells the daemon whether the screen is in use: the
// logind session (always, when there is one), the most precise input idle source available
// (or the one the config names; InputSourceKeeper switches it as sources come and go), and
// the idle inhibitor watchers. Says once which it chose and what that means for the figures.
// Starting waits on no peer: logind and the input sources answer through the loop, or are
// given up on at their deadlines. Loop thread only.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/adapters/activity/gnome_session_inhibitors.hpp"
#include "daemon/adapters/activity/logind_idle_inhibitors.hpp"
#include "daemon/adapters/activity/logind_session_source.hpp"
#include "daemon/adapters/dbus/shared_bus.hpp"
#include "daemon/adapters/x11/x11_fullscreen_watch.hpp"
#include "daemon/app/input_source_factory.hpp"
#include "daemon/app/input_source_keeper.hpp"
#include "daemon/app/source_appearance_watch.hpp"
#include "daemon/core/activity_arbiter.hpp"
#include "daemon/core/config.hpp"
#include "daemon/core/idle_source.hpp"
#include "daemon/core/input_source_order.hpp"
#include "daemon/core/user_session.hpp"

namespace screentime::app {

struct ActivityCallbacks {
  adapters::LogindListener& session;
  core::IdleObserver& input;
  std::function<void(std::vector<core::Inhibitor>)> inhibitors_changed;
  std::function<void(bool active)> screensaver_active;
  std::function<void()> deadline_changed;
  std::function<void()> presenting_changed;
  // The input idle source in use changed after start() ("" for none): a better one appeared,
  // or a lost one was replaced. For the arbiter's set_input_source().
  std::function<void(const std::string& name)> input_source_changed = {};
};

class ActivitySources {
 public:
  // Every adapter on a bus talks on the owner's shared connection to it (`buses`). A lost
  // input source is replaced after `input_source_grace` (InputSourceKeeper). The X11 and
  // Wayland adapters connect to `displays`; logind's session `session_id` is followed first.
  ActivitySources(boost::asio::io_context& io, adapters::SharedBuses buses,
                  const core::Clock& clock, core::Duration input_source_grace,
                  UserDisplays displays, std::string session_id, ActivityCallbacks callbacks);
  ~ActivitySources();

  // Told the input source's name ("" when none), for the arbiter, once start() has chosen.
  using Started = std::function<void(const std::string& input)>;

  // Starts what `config.activity_source` allows in `session` (its displays; the logind
  // session's type is added once logind answered): logind first, then the input sources in
  // turn, each without waiting on it. Once they answered (or their deadlines passed), logs
  // the choice and tells `started`: from the loop, or at once.
  void start(const core::Config& config, core::GraphicalSession session, Started started);
  void set_thresholds(const std::vector<core::Duration>& thresholds);

  std::string describe() const;
  std::string input_name() const { return input() ? input()->name() : ""; }
  std::optional<core::Duration> input_precision() const;
  bool has_session() const { return logind_ && logind_->following(); }
  // A fullscreen window is active (X11): reminders hold back while someone presents.
  bool presenting() const { return fullscreen_ && fullscreen_->presenting(); }

  std::optional<core::BootTime> next_deadline() const;
  void on_deadline();

 private:
  void on_session_started(bool works);
  void on_input_started(bool have_input);
  const core::IdleSource* input() const { return input_.current(); }
  void start_inhibitors();
  void start_fullscreen_watch();
  void inhibitors_changed();

  boost::asio::io_context& io_;
  adapters::SharedBuses buses_;
  const core::Clock& clock_;
  ActivityCallbacks callbacks_;
  UserDisplays displays_;
  std::string session_id_;
  std::vector<core::Duration> thresholds_;
  // While starting: what start() was given.
  std::string configured_;
  core::GraphicalSession session_;
  Started started_;
  std::unique_ptr<adapters::LogindSessionSource> logind_;
  InputSourceFactory input_maker_;  // before the keeper, which uses them
  SourceAppearanceWatch input_appearance_;
  InputSourceKeeper input_;
  std::unique_ptr<adapters::LogindIdleInhibitors> logind_inhibitors_;
  std::unique_ptr<adapters::GnomeSessionInhibitors> gnome_inhibitors_;
  std::unique_ptr<adapters::X11FullscreenWatch> fullscreen_;
  std::vector<adapters::IdleInhibitor> logind_held_;
  std::vector<adapters::IdleInhibitor> gnome_held_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // for work posted to the loop
};

}  // namespace screentime::app
