#include "daemon/app/input_source_keeper.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cstdlib>
#include <utility>

#include "daemon/adapters/desktop/desktop_bus.hpp"
#include "daemon/app/input_source_factory.hpp"
#include "daemon/core/duration_text.hpp"

namespace screentime::app {
namespace {

constexpr const char* kLog = "input sources";

core::Duration grace_period() {
  const char* value = std::getenv("SCREENTIME_INPUT_SOURCE_GRACE_MS");
  if (value == nullptr || *value == '\0') return InputSourceKeeper::kGrace;
  char* end = nullptr;
  const long long ms = std::strtoll(value, &end, 10);
  if (*end != '\0' || ms <= 0) return InputSourceKeeper::kGrace;
  return std::chrono::milliseconds{ms};
}

}  // namespace

// What one source reports, passed on to the daemon once the source is the one in use; held
// while it is on trial (its start() may already report the user idle, which must reach the
// daemon after the switch, not before it).
class InputSourceKeeper::Relay final : public core::IdleObserver {
 public:
  explicit Relay(InputSourceKeeper& keeper) : keeper_(keeper) {}

  void go_live() {
    live_ = true;
    auto held = std::move(held_);
    for (auto& report : held) report();
  }
  bool screensaver_active() const { return screensaver_active_; }

  void on_idle(core::Duration threshold, const core::Instant& last_input) override {
    pass([this, threshold, last_input] {
      keeper_.on_back();
      keeper_.callbacks_.observer.on_idle(threshold, last_input);
    });
  }
  void on_input(const core::Instant& at) override {
    pass([this, at] {
      keeper_.on_back();
      keeper_.callbacks_.observer.on_input(at);
    });
  }
  void on_idle_source_lost(std::string_view why) override {
    pass([this, why = std::string(why)] { keeper_.on_lost(why); });
  }
  void on_screensaver(bool active) {
    pass([this, active] {
      screensaver_active_ = active;
      if (keeper_.callbacks_.screensaver_active) keeper_.callbacks_.screensaver_active(active);
    });
  }

 private:
  void pass(std::function<void()> report) {
    if (live_) return report();
    held_.push_back(std::move(report));
  }

  InputSourceKeeper& keeper_;
  std::vector<std::function<void()>> held_;
  bool live_ = false;
  bool screensaver_active_ = false;
};

InputSourceKeeper::InputSourceKeeper(boost::asio::io_context& io, adapters::SharedBus& session_bus,
                                     const core::Clock& clock, Callbacks callbacks)
    : io_(io),
      session_bus_(session_bus),
      clock_(clock),
      callbacks_(std::move(callbacks)),
      grace_(grace_period()) {}

InputSourceKeeper::~InputSourceKeeper() { *alive_ = false; }

bool InputSourceKeeper::start(const std::string& configured, const core::GraphicalSession& session,
                              const std::vector<core::Duration>& thresholds) {
  thresholds_ = thresholds;
  core::InputSourceOrder order = core::order_input_sources(configured, session);
  candidates_ = std::move(order.candidates);
  if (!order.note.empty()) spdlog::info("{}: {}", kLog, order.note);
  // The watch first: a source appearing while the others are tried is not missed.
  watch_ = std::make_unique<SourceAppearanceWatch>(
      io_, session_bus_, candidates_,
      [this, alive = std::weak_ptr<bool>(alive_)](const std::string& source, bool present) {
        // Out of the watch's dispatch: starting a source blocks, and may replace the watch's
        // neighbours.
        boost::asio::post(io_, [this, alive, source, present] {
          if (alive.expired()) return;
          adapters::deliver(kLog, "a source appearing or going",
                            [&] { on_presence(source, present); });
        });
      });
  for (const auto& name : candidates_) {
    if (auto running = try_start(name)) {
      current_ = std::move(running);
      current_->relay->go_live();
      return true;
    }
    spdlog::debug("input idle source {} not available", name);
  }
  return false;
}

void InputSourceKeeper::set_thresholds(const std::vector<core::Duration>& thresholds) {
  thresholds_ = thresholds;
  if (current_) current_->source->set_thresholds(thresholds_);
}

std::optional<core::BootTime> InputSourceKeeper::next_deadline() const {
  std::optional<core::BootTime> earliest = grace_until_;
  if (const auto source = current_ ? current_->source->next_deadline() : std::nullopt) {
    if (!earliest || *source < *earliest) earliest = source;
  }
  return earliest;
}

void InputSourceKeeper::on_deadline() {
  if (current_) current_->source->on_deadline();  // may report it back
  if (!grace_until_ || clock_.now().boot < *grace_until_) return;
  grace_until_.reset();
  if (!current_) return;
  const std::string name = current_->source->name();
  if (!watch_->present(name)) return replace_lost();
  spdlog::info("{}: {} is still lost ({}), but {} is there; waiting for it", kLog, name, lost_why_,
               watch_->sign_text(name));
}

std::unique_ptr<InputSourceKeeper::Running> InputSourceKeeper::try_start(const std::string& name) {
  auto running = std::make_unique<Running>();
  running->relay = std::make_unique<Relay>(*this);
  Relay* relay = running->relay.get();
  running->source = make_input_source(
      name, io_, session_bus_, clock_, *relay,
      [relay](bool active) { relay->on_screensaver(active); }, [this] { announce_deadline(); });
  if (!running->source || !running->source->start(thresholds_)) return nullptr;
  return running;
}

void InputSourceKeeper::switch_to(std::unique_ptr<Running> next, const std::string& reason) {
  std::unique_ptr<Running> previous = std::move(current_);
  current_ = std::move(next);
  lost_since_.reset();
  grace_until_.reset();
  lost_why_.clear();
  const std::string old = previous ? previous->source->name() : "";
  if (current_) {
    const auto& source = *current_->source;
    spdlog::info("activity source: {} (precision {}){}{}: {}", source.describe(),
                 core::format_duration(source.precision()), old.empty() ? "" : " replaces ", old,
                 reason);
  } else {
    spdlog::warn(
        "activity source: no input idle source: {}, and no other is available; idle is judged "
        "by the session alone until one appears",
        reason);
  }
  // What the old one said about the screen saver goes with it.
  if (previous && previous->relay->screensaver_active() && callbacks_.screensaver_active) {
    callbacks_.screensaver_active(false);
  }
  if (callbacks_.changed) callbacks_.changed(current_ ? current_->source->name() : "");
  if (current_) current_->relay->go_live();  // after the daemon knows its name
  previous.reset();
  announce_deadline();
}

void InputSourceKeeper::on_presence(const std::string& source, bool present) {
  const std::string name = current_ ? current_->source->name() : "";
  if (!present) {
    // Lost, past its grace period, while what showed it was still there: now it is gone.
    if (source == name && lost_since_ && !grace_until_) replace_lost();
    return;
  }
  if (source == name) return;  // its own adapter follows it
  if (current_ && rank(source) >= rank(name)) return;
  auto next = try_start(source);
  if (!next) {
    spdlog::debug("{}: {} appeared, but the {} source did not start", kLog,
                  watch_->sign_text(source), source);
    return;
  }
  switch_to(std::move(next), watch_->sign_text(source) + " appeared");
}

void InputSourceKeeper::on_lost(std::string_view why) {
  callbacks_.observer.on_idle_source_lost(why);
  if (lost_since_) return;
  lost_since_ = clock_.now().boot;
  grace_until_ = *lost_since_ + grace_;
  lost_why_ = why;
  announce_deadline();
}

void InputSourceKeeper::on_back() {
  if (!lost_since_) return;
  spdlog::debug("{}: {} is back", kLog, current_ ? current_->source->name() : "");
  lost_since_.reset();
  grace_until_.reset();
  lost_why_.clear();
}

void InputSourceKeeper::replace_lost() {
  const std::string old = current_->source->name();
  const std::string reason = old + " was lost (" + lost_why_ + ") and has not come back in " +
                             core::format_duration(grace_);
  for (const auto& name : candidates_) {
    if (name == old || !watch_->present(name)) continue;
    if (auto next = try_start(name)) return switch_to(std::move(next), reason);
  }
  switch_to(nullptr, reason);
}

std::size_t InputSourceKeeper::rank(const std::string& name) const {
  return static_cast<std::size_t>(std::find(candidates_.begin(), candidates_.end(), name) -
                                  candidates_.begin());
}

void InputSourceKeeper::announce_deadline() {
  if (callbacks_.deadline_changed) callbacks_.deadline_changed();
}

}  // namespace screentime::app
