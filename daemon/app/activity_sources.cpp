#include "daemon/app/activity_sources.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>

#include "daemon/adapters/desktop/desktop_bus.hpp"
#include "daemon/protocol/duration_text.hpp"

namespace screentime::app {

ActivitySources::ActivitySources(boost::asio::io_context& io, adapters::SharedBuses buses,
                                 const core::Clock& clock, core::Duration input_source_grace,
                                 UserDisplays displays, std::string session_id,
                                 ActivityCallbacks callbacks)
    : io_(io),
      buses_(buses),
      clock_(clock),
      callbacks_(std::move(callbacks)),
      displays_(std::move(displays)),
      session_id_(std::move(session_id)),
      input_maker_(io, buses.session, clock, displays_),
      input_appearance_(io, buses.session, displays_),
      input_(io, input_maker_, input_appearance_, clock, input_source_grace,
             {callbacks_.input, callbacks_.screensaver_active, callbacks_.deadline_changed,
              [this](const std::string& name) {
                // An X server that came after start: follow its fullscreen windows too.
                if (name == "x11" && !fullscreen_) start_fullscreen_watch();
                if (callbacks_.input_source_changed) callbacks_.input_source_changed(name);
              }}) {}

ActivitySources::~ActivitySources() = default;

void ActivitySources::start(const core::Config& config, core::GraphicalSession session,
                            Started started) {
  thresholds_ = core::input_thresholds(core::session_settings(config));
  started_ = std::move(started);
  if (config.activity_source == "none") {
    spdlog::info(
        "activity source: none (set in the config): screen use is not observed, so "
        "all time is recorded as \"unknown\"");
    if (started_) started_("");
    return;
  }
  configured_ = config.activity_source;
  session_ = std::move(session);
  logind_ = std::make_unique<adapters::LogindSessionSource>(buses_.system, clock_,
                                                            callbacks_.session, session_id_);
  logind_->deadline_changed = callbacks_.deadline_changed;
  logind_->start_async([this, alive = std::weak_ptr<bool>(alive_)](bool works) {
    // From a loop turn of its own: the source calls this from inside itself.
    boost::asio::post(io_, [this, alive, works] {
      if (alive.expired()) return;
      adapters::deliver("activity sources", "logind's start", [&] { on_session_started(works); });
    });
  });
}

void ActivitySources::on_session_started(bool works) {
  if (!works) logind_.reset();
  // Known only now: whether logind calls it a Wayland session.
  if (logind_) session_.logind_type = logind_->session_type().value_or("");
  if (configured_ == "logind") return on_input_started(false);
  input_.start(configured_, session_, thresholds_,
               [this](bool have_input) { on_input_started(have_input); });
}

void ActivitySources::on_input_started(bool have_input) {
  if (!have_input && configured_ != "auto" && configured_ != "logind") {
    spdlog::warn(
        "activity source \"{}\" (from the config) is not available here; using it "
        "when it appears",
        configured_);
  }
  start_inhibitors();
  start_fullscreen_watch();
  // Said once, with what it means for the figures.
  const bool session_found = logind_ != nullptr;
  if (have_input && session_found) {
    spdlog::info("activity source: {} (precision {}), with {} for lock and sleep",
                 input()->describe(), protocol::format_duration(input()->precision()),
                 logind_->describe());
  } else if (have_input) {
    spdlog::info(
        "activity source: {} (precision {}); no logind session, so locking and "
        "sleep are seen only as idle time",
        input()->describe(), protocol::format_duration(input()->precision()));
  } else if (session_found) {
    spdlog::info(
        "activity source: {} alone: idle comes from the desktop's IdleHint, so a "
        "desktop that does not set it counts idle time as active",
        logind_->describe());
  } else {
    spdlog::info(
        "activity source: none (fallback: no logind session and no display): screen "
        "use cannot be observed, so all time is recorded as \"unknown\"");
  }
  const Started started = std::move(started_);
  started_ = nullptr;
  if (started) started(have_input ? input()->name() : "");
}

void ActivitySources::start_inhibitors() {
  logind_inhibitors_ = std::make_unique<adapters::LogindIdleInhibitors>(
      buses_.system, [this](const std::vector<adapters::IdleInhibitor>& held) {
        logind_held_ = held;
        inhibitors_changed();
      });
  if (!logind_inhibitors_->start()) logind_inhibitors_.reset();
  gnome_inhibitors_ = std::make_unique<adapters::GnomeSessionInhibitors>(
      buses_.session, [this](const std::vector<adapters::IdleInhibitor>& held) {
        gnome_held_ = held;
        inhibitors_changed();
      });
  if (!gnome_inhibitors_->start()) gnome_inhibitors_.reset();
}

void ActivitySources::start_fullscreen_watch() {
  if (displays_.x11.empty()) return;
  fullscreen_ = std::make_unique<adapters::X11FullscreenWatch>(
      io_, clock_, displays_.x11, [this](bool presenting, const std::string& title) {
        spdlog::debug("presenting: {}{}{}", presenting ? "yes" : "no", title.empty() ? "" : ", ",
                      title);
        if (callbacks_.presenting_changed) callbacks_.presenting_changed();
      });
  fullscreen_->deadline_changed = callbacks_.deadline_changed;
  if (!fullscreen_->start()) fullscreen_.reset();
}

void ActivitySources::inhibitors_changed() {
  std::vector<core::Inhibitor> all;
  for (const auto* list : {&logind_held_, &gnome_held_}) {
    for (const auto& held : *list) all.push_back({held.source, held.who, held.why});
  }
  callbacks_.inhibitors_changed(std::move(all));
}

void ActivitySources::set_thresholds(const std::vector<core::Duration>& thresholds) {
  thresholds_ = thresholds;
  input_.set_thresholds(thresholds_);
}

std::string ActivitySources::describe() const {
  std::string text = input() ? input()->describe() : "no input idle source";
  text += logind_ ? " + " + logind_->describe() : " + no logind session";
  return text;
}

std::optional<core::Duration> ActivitySources::input_precision() const {
  if (!input()) return std::nullopt;
  return input()->precision();
}

std::optional<core::BootTime> ActivitySources::next_deadline() const {
  std::optional<core::BootTime> earliest;
  for (auto deadline : {logind_ ? logind_->next_deadline() : std::nullopt, input_.next_deadline(),
                        fullscreen_ ? fullscreen_->next_deadline() : std::nullopt}) {
    if (deadline && (!earliest || *deadline < *earliest)) earliest = deadline;
  }
  return earliest;
}

void ActivitySources::on_deadline() {
  if (logind_) logind_->on_deadline();
  input_.on_deadline();
  if (fullscreen_) fullscreen_->on_deadline();
}

}  // namespace screentime::app
