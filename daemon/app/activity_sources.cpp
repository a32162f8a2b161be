#include "daemon/app/activity_sources.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

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

std::string ActivitySources::start(const core::Config& config, core::GraphicalSession session) {
  thresholds_ = core::input_thresholds(core::session_settings(config));
  if (config.activity_source == "none") {
    spdlog::info(
        "activity source: none (set in the config): screen use is not observed, so "
        "all time is recorded as \"unknown\"");
    return "";
  }
  const bool session_found = start_session();
  // Known only now: whether logind calls it a Wayland session.
  if (logind_) session.logind_type = logind_->session_type().value_or("");
  const bool have_input = config.activity_source != "logind" &&
                          input_.start(config.activity_source, session, thresholds_);
  if (!have_input && config.activity_source != "auto" && config.activity_source != "logind") {
    spdlog::warn(
        "activity source \"{}\" (from the config) is not available here; using it "
        "when it appears",
        config.activity_source);
  }
  start_inhibitors();
  start_fullscreen_watch();
  // Said once, with what it means for the figures.
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
  return have_input ? input()->name() : "";
}

bool ActivitySources::start_session() {
  logind_ = std::make_unique<adapters::LogindSessionSource>(buses_.system, clock_,
                                                            callbacks_.session, session_id_);
  logind_->deadline_changed = callbacks_.deadline_changed;
  if (logind_->start()) return true;
  logind_.reset();
  return false;
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
