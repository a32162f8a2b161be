#include "daemon/app/user_runtime.hpp"

#include <spdlog/spdlog.h>

#include "daemon/app/session_writes.hpp"
#include "daemon/app/weekly_notice_text.hpp"
#include "daemon/core/schedule.hpp"
#include "daemon/protocol/iso8601.hpp"

namespace screentime::app {

UserRuntime::UserRuntime(boost::asio::io_context& io, adapters::SharedBus& system_bus,
                         const core::Clock& clock, core::HistoryStore& store, RuntimeHost& host,
                         UserSetup setup, const core::Config& config)
    : clock_(clock),
      store_(store),
      host_(host),
      setup_(std::move(setup)),
      history_(store_, setup_.user),
      session_(clock_, setup_.boot_id, core::session_settings(config), history_),
      session_activity_(*this),
      input_activity_(*this),
      session_bus_(io, adapters::SdBusConnection::Bus::kSession),
      sources_(io, {system_bus, session_bus_}, clock_, setup_.input_source_grace,
               {setup_.environment.session.x11_display, setup_.environment.session.wayland_display,
                setup_.environment.runtime_dir},
               setup_.environment.session_id,
               {session_activity_, input_activity_,
                [this](std::vector<core::Inhibitor> held) {
                  session_.set_inhibitors(std::move(held));
                  settle();
                },
                [this](bool active) {
                  session_.set_screensaver_active(active);
                  settle();
                },
                [this] { host_.rearm(); },
                [this] {
                  session_.set_fullscreen(sources_.presenting());
                  settle();
                },
                [this](const std::string& name) {
                  session_.set_input_source(name);
                  settle();
                }}),
      reminders_(io, session_bus_, *this),
      config_(config),
      children_(io) {}

void UserRuntime::start() {
  const auto saved_breaks = reminders_.saved_snapshot();
  session_.start(store_.last_seen(setup_.user), saved_breaks);
  if (saved_breaks) reminders_.log_restored(*saved_breaks);
  settle();
  start_activity_source(config_);
  reminders_.start(setup_.notifications);
  reminders_.show(session_.breaks().visible());  // a reminder the saved state brought back
  settle();
}

void UserRuntime::stop() {
  session_.stop();  // its checkpoint carries the break state
  settle();
  reminders_.close();
}

void UserRuntime::start_activity_source(const core::Config& config) {
  sources_.start(config, setup_.environment.session, [this](const std::string& input) {
    session_.set_input_source(input);
    session_.refresh();  // with no source at all, that is known now too
    sources_started_ = true;
    settle();
  });
}

void UserRuntime::settle() {
  auto output = session_.drain();
  const bool break_news = output.reminder_changed || !output.break_events.empty();
  store_decisions(output);
  if (output.state_changed) {
    if (const auto open = session_.accountant().open_interval(clock_.now())) {
      spdlog::debug("state {} ({}{}{})", core::to_string(open->state), open->source,
                    open->detail.empty() ? "" : ": ", open->detail);
    }
    host_.state_changed(setup_.user);
    summarize_week();
  }
  if (output.reminder_changed) reminders_.show(session_.breaks().visible());
  host_.breaks_settled(setup_.user, break_news);
  host_.rearm();
}

void UserRuntime::summarize_week() {
  if (!config_.weekly_notice) return;
  const auto now = clock_.now();
  const auto open = session_.accountant().open_interval(now);
  if (!open || open->state != core::ActivityState::active) return;
  const auto today = core::attributed_day(now.wall, clock_.utc_offset(now.wall), config_.day_start);
  const auto summary =
      weekly_.on_active(today, [this](core::LocalDate first, core::LocalDate last) {
        core::Duration total{};
        for (std::chrono::sys_days day{first}; day <= std::chrono::sys_days{last};
             day += std::chrono::days{1}) {
          total += history_.stored_active_on(core::LocalDate{day}, config_.day_start);
        }
        return total;
      });
  if (!summary) return;
  spdlog::info("the week of {}: {} min active, the week before {} min",
               protocol::format_iso_date(summary->week),
               std::chrono::floor<std::chrono::minutes>(summary->active).count(),
               std::chrono::floor<std::chrono::minutes>(summary->week_before).count());
  std::function<void()> open_report;
  if (!setup_.open_report.empty()) {
    open_report = [this] {
      // At most two at once: a second click while the first draws is not a third report.
      children_.start(setup_.open_report.front(), setup_.open_report, setup_.child_environment,
                      "last week's report", 2);
    };
  }
  reminders_.show_notice(weekly_notification(*summary, !setup_.open_report.empty()),
                         std::move(open_report));
}

void UserRuntime::store_decisions(core::SessionOutput& output) {
  if (queue_session_output(store_, clock_, setup_.user, output)) host_.flush();
}

void UserRuntime::on_deadline() {
  sources_.on_deadline();
  session_.wake_up();  // checkpoints, the inhibitor cap, the reminders
  settle();
}

void UserRuntime::on_clock_or_zone_change() {
  session_.wake_up();  // "pause until 14:00" is on the wall clock
  settle();
}

void UserRuntime::apply_config(const core::Config& config) {
  config_ = config;
  session_.set_settings(core::session_settings(config));
  sources_.set_thresholds(core::input_thresholds(core::session_settings(config)));
  settle();
}

void UserRuntime::history_forgotten() {
  session_.reread_goal();  // today's figure may be gone
  settle();
}

std::optional<core::BootTime> UserRuntime::next_deadline() const {
  const auto session_due = session_.next_deadline();
  return core::next_deadline(
      {session_due ? std::optional(session_due->at) : std::nullopt, sources_.next_deadline()});
}

void UserRuntime::input_source_lost() {
  session_.set_input_source("");
  settle();
}

void UserRuntime::input_source_back() { session_.set_input_source(sources_.input_name()); }

UsageReport UserRuntime::report() const {
  return UsageReport(clock_, store_, session_.accountant(), setup_.user, config_.day_start);
}

}  // namespace screentime::app
