#pragma once
// InputSourceKeeper: keeps the most precise input idle source that works running. It chooses
// at start; when a better candidate appears (SourceAppearance) it tries it and switches;
// a source that reported itself lost and has not come back within a grace period, while what
// shows it is gone (its bus name, its socket), is replaced by the best other candidate, or by
// none until one appears. Each switch is logged once, with its reason. The source's reports
// reach the daemon's observer through it. Every candidate, at start-up too, is tried without
// waiting on it (a service that never answers is taken as absent when its calls time out, a
// compositor when its connect deadline passes), so the loop never stalls on a peer.
// Event-driven: its deadlines (the grace period, the sources') join the daemon's single
// timer. Loop thread only.

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/app/input_source_maker.hpp"
#include "daemon/app/source_appearance.hpp"
#include "daemon/core/clock.hpp"
#include "daemon/core/idle_source.hpp"
#include "daemon/core/input_source_order.hpp"
#include "daemon/core/time.hpp"

namespace screentime::app {

class InputSourceKeeper {
 public:
  struct Callbacks {
    core::IdleObserver& observer;
    std::function<void(bool active)> screensaver_active;
    std::function<void()> deadline_changed;
    // The source in use changed after start ("" for none); may be empty.
    std::function<void(const std::string& name)> changed;
  };

  // How long a lost source may take to come back (an X server or Mutter restarting) before
  // it is replaced, unless told otherwise (tests shorten it).
  static constexpr core::Duration kGrace = std::chrono::seconds{30};

  // Sources are made by `maker`; `appearance` tells when they could be there. Both outlive
  // the keeper. Work it posts to `io` runs on the loop.
  InputSourceKeeper(boost::asio::io_context& io, InputSourceMaker& maker,
                    SourceAppearance& appearance, const core::Clock& clock, core::Duration grace,
                    Callbacks callbacks);
  ~InputSourceKeeper();
  InputSourceKeeper(const InputSourceKeeper&) = delete;
  InputSourceKeeper& operator=(const InputSourceKeeper&) = delete;

  // Called once start() has an outcome: whether a source is in use.
  using Started = std::function<void(bool works)>;

  // Tries the candidates for `configured` ("auto" or one name) in `session`
  // (core::order_input_sources) one after another, each without waiting on it, until one
  // works, and watches for them all from then on. `started` is told whether one did (the
  // source is current() by then), from the loop or at once. Sources appearing or going
  // meanwhile are looked at once it was told.
  void start(const std::string& configured, const core::GraphicalSession& session,
             const std::vector<core::Duration>& thresholds, Started started);
  // Also applied to every source started later.
  void set_thresholds(const std::vector<core::Duration>& thresholds);

  // The source in use, or nullptr.
  const core::IdleSource* current() const { return current_ ? current_->source.get() : nullptr; }

  std::optional<core::BootTime> next_deadline() const;
  void on_deadline();

 private:
  class Relay;
  // A started (or starting) source with the relay it reports to; the relay outlives it.
  struct Running {
    std::unique_ptr<Relay> relay;
    std::unique_ptr<core::IdleSource> source;
    MadeInputSource::StartFunction start;
    bool screensaver_active = false;
  };
  // A candidate tried after start-up, without waiting: switched to once it works.
  struct Trial {
    std::unique_ptr<Running> running;
    std::string name;
    std::string reason;  // for the log, once it works
  };

  std::unique_ptr<Running> make_running(const std::string& name);
  // The outcome comes from the loop (end_trial).
  void try_async(const std::string& name, std::string reason);
  void next_start_candidate();
  void finish_start(std::unique_ptr<Running> first);
  void end_trial(bool works);
  void trial_failed(const std::string& name);
  void next_replacement();
  void switch_to(std::unique_ptr<Running> next, const std::string& reason);
  void on_presence(const std::string& source, bool present);
  void on_lost(std::string_view why);
  void on_back();
  void replace_lost();
  std::size_t rank(const std::string& name) const;
  void announce_deadline();

  boost::asio::io_context& io_;
  InputSourceMaker& maker_;
  SourceAppearance& appearance_;
  const core::Clock& clock_;
  Callbacks callbacks_;
  core::Duration grace_;
  std::vector<std::string> candidates_;  // most precise first
  std::vector<core::Duration> thresholds_;
  std::unique_ptr<Running> current_;
  std::unique_ptr<Trial> trial_;  // at most one at a time
  std::uint64_t trial_serial_ = 0;
  // Replacing a lost source: the candidates left to try, best first, and why.
  bool replacing_ = false;
  std::vector<std::string> replacements_;
  std::string replace_reason_;
  // Start-up: the candidates not tried yet begin at start_next_; what the watch saw meanwhile.
  bool starting_ = false;
  Started started_;
  std::size_t start_next_ = 0;
  std::vector<std::pair<std::string, bool>> seen_while_starting_;
  // Lost: since when, why, and until when it may come back (reset once the grace ran out).
  std::optional<core::BootTime> lost_since_;
  std::string lost_why_;
  std::optional<core::BootTime> grace_until_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // for work posted to the loop
};

}  // namespace screentime::app
