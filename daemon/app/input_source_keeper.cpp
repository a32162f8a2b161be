#include "daemon/app/input_source_keeper.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <utility>

#include "daemon/adapters/desktop/desktop_bus.hpp"
#include "daemon/protocol/duration_text.hpp"

namespace screentime::app {
namespace {

constexpr const char* kLog = "input sources";

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

InputSourceKeeper::InputSourceKeeper(boost::asio::io_context& io, InputSourceMaker& maker,
                                     SourceAppearance& appearance, const core::Clock& clock,
                                     core::Duration grace, Callbacks callbacks)
    : io_(io),
      maker_(maker),
      appearance_(appearance),
      clock_(clock),
      callbacks_(std::move(callbacks)),
      grace_(grace) {}

InputSourceKeeper::~InputSourceKeeper() { *alive_ = false; }

void InputSourceKeeper::start(const std::string& configured, const core::GraphicalSession& session,
                              const std::vector<core::Duration>& thresholds, Started started) {
  thresholds_ = thresholds;
  core::InputSourceOrder order = core::order_input_sources(configured, session);
  candidates_ = std::move(order.candidates);
  if (!order.note.empty()) spdlog::info("{}: {}", kLog, order.note);
  // The watch first: a source appearing while the others are tried is not missed.
  appearance_.watch(candidates_, [this, alive = std::weak_ptr<bool>(alive_)](
                                     const std::string& source, bool present) {
    // Out of the watch's dispatch: trying a source may replace the watch's neighbours.
    boost::asio::post(io_, [this, alive, source, present] {
      if (alive.expired()) return;
      adapters::deliver(kLog, "a source appearing or going", [&] { on_presence(source, present); });
    });
  });
  starting_ = true;
  started_ = std::move(started);
  start_next_ = 0;
  next_start_candidate();
}

void InputSourceKeeper::next_start_candidate() {
  if (start_next_ == candidates_.size()) return finish_start(nullptr);
  try_async(candidates_[start_next_++], "");
}

void InputSourceKeeper::finish_start(std::unique_ptr<Running> first) {
  starting_ = false;
  current_ = std::move(first);
  if (current_) current_->relay->go_live();  // what it saw so far, before its name
  const Started started = std::move(started_);
  started_ = nullptr;
  if (started) started(current_ != nullptr);
  // What appeared or went meanwhile, now that there is a source to compare with.
  auto seen = std::move(seen_while_starting_);
  seen_while_starting_.clear();
  for (const auto& [source, present] : seen) on_presence(source, present);
  announce_deadline();
}

void InputSourceKeeper::set_thresholds(const std::vector<core::Duration>& thresholds) {
  thresholds_ = thresholds;
  if (current_) current_->source->set_thresholds(thresholds_);
  if (trial_) trial_->running->source->set_thresholds(thresholds_);
}

std::optional<core::BootTime> InputSourceKeeper::next_deadline() const {
  std::optional<core::BootTime> earliest = grace_until_;
  for (const Running* running : {current_.get(), trial_ ? trial_->running.get() : nullptr}) {
    const auto source = running ? running->source->next_deadline() : std::nullopt;
    if (source && (!earliest || *source < *earliest)) earliest = source;
  }
  return earliest;
}

void InputSourceKeeper::on_deadline() {
  if (current_) current_->source->on_deadline();  // may report it back
  // A source on trial may give up on its peer: it says so through the loop (end_trial).
  if (trial_) trial_->running->source->on_deadline();
  if (!grace_until_ || clock_.now().boot < *grace_until_) return;
  grace_until_.reset();
  if (!current_) return;
  const std::string name = current_->source->name();
  if (!appearance_.present(name)) return replace_lost();
  spdlog::info("{}: {} is still lost ({}), but {} is there; waiting for it", kLog, name, lost_why_,
               appearance_.sign_text(name));
}

std::unique_ptr<InputSourceKeeper::Running> InputSourceKeeper::make_running(
    const std::string& name) {
  auto running = std::make_unique<Running>();
  running->relay = std::make_unique<Relay>(*this);
  Relay* relay = running->relay.get();
  auto made = maker_.make(
      name, *relay, [relay](bool active) { relay->on_screensaver(active); },
      [this] { announce_deadline(); });
  if (!made.source) return nullptr;
  running->source = std::move(made.source);
  running->start = std::move(made.start);
  return running;
}

void InputSourceKeeper::try_async(const std::string& name, std::string reason) {
  trial_.reset();  // one at a time: dropping it cancels what it waits for
  auto running = make_running(name);
  if (!running) return trial_failed(name);
  trial_ = std::make_unique<Trial>(Trial{std::move(running), name, std::move(reason)});
  const std::uint64_t serial = ++trial_serial_;
  trial_->running->start(thresholds_,
                         [this, alive = std::weak_ptr<bool>(alive_), serial](bool works) {
                           // From a loop turn of its own: the source may call this from inside
                           // itself.
                           boost::asio::post(io_, [this, alive, serial, works] {
                             if (alive.expired() || !trial_ || serial != trial_serial_) return;
                             adapters::deliver(kLog, "a source's start", [&] { end_trial(works); });
                           });
                         });
}

void InputSourceKeeper::end_trial(bool works) {
  std::unique_ptr<Trial> trial = std::move(trial_);
  if (starting_ && works) return finish_start(std::move(trial->running));
  if (works) return switch_to(std::move(trial->running), trial->reason);
  const std::string name = trial->name;
  trial.reset();
  trial_failed(name);
}

void InputSourceKeeper::trial_failed(const std::string& name) {
  if (starting_) {
    spdlog::debug("input idle source {} not available", name);
    return next_start_candidate();
  }
  spdlog::debug("{}: the {} source did not start", kLog, name);
  if (replacing_) return next_replacement();
  // A lost source past its grace period is still waiting to be replaced.
  if (current_ && lost_since_ && !grace_until_) replace_lost();
}

void InputSourceKeeper::switch_to(std::unique_ptr<Running> next, const std::string& reason) {
  replacing_ = false;
  replacements_.clear();
  std::unique_ptr<Running> previous = std::move(current_);
  current_ = std::move(next);
  lost_since_.reset();
  grace_until_.reset();
  lost_why_.clear();
  const std::string old = previous ? previous->source->name() : "";
  if (current_) {
    const auto& source = *current_->source;
    spdlog::info("activity source: {} (precision {}){}{}: {}", source.describe(),
                 protocol::format_duration(source.precision()), old.empty() ? "" : " replaces ",
                 old, reason);
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
  if (starting_) {
    seen_while_starting_.emplace_back(source, present);
    return;
  }
  const std::string name = current_ ? current_->source->name() : "";
  if (!present) {
    // Lost, past its grace period, while what showed it was still there: now it is gone.
    if (source == name && lost_since_ && !grace_until_ && !replacing_) replace_lost();
    return;
  }
  if (source == name) return;  // its own adapter follows it
  if (current_ && rank(source) >= rank(name)) return;
  if (trial_ && rank(source) >= rank(trial_->name)) return;  // a better one is being tried
  // Tried without waiting: a service that appears and never answers must not hold the loop.
  replacing_ = false;
  replacements_.clear();
  try_async(source, appearance_.sign_text(source) + " appeared");
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
  replace_reason_ = old + " was lost (" + lost_why_ + ") and has not come back in " +
                    protocol::format_duration(grace_);
  replacements_.clear();
  for (const auto& name : candidates_) {
    if (name != old && appearance_.present(name)) replacements_.push_back(name);
  }
  replacing_ = true;
  next_replacement();
}

void InputSourceKeeper::next_replacement() {
  if (replacements_.empty()) return switch_to(nullptr, replace_reason_);
  const std::string name = replacements_.front();
  replacements_.erase(replacements_.begin());
  try_async(name, replace_reason_);
}

std::size_t InputSourceKeeper::rank(const std::string& name) const {
  return static_cast<std::size_t>(std::find(candidates_.begin(), candidates_.end(), name) -
                                  candidates_.begin());
}

void InputSourceKeeper::announce_deadline() {
  if (callbacks_.deadline_changed) callbacks_.deadline_changed();
}

}  // namespace screentime::app
