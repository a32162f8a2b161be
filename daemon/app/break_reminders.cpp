#include "daemon/app/break_reminders.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "daemon/adapters/config/resource_catalog_loader.hpp"
#include "daemon/adapters/notify/console_notifier.hpp"
#include "daemon/adapters/notify/libnotify_notifier.hpp"
#include "daemon/app/daemon.hpp"
#include "daemon/app/reminder_text.hpp"
#include "daemon/core/duration_text.hpp"
#include "daemon/core/iso8601.hpp"

namespace screentime::app {
namespace {

using nlohmann::json;

int local_hour(core::WallTime at, core::UtcOffset offset) {
  const auto local = at + offset;
  const auto since_midnight = local - std::chrono::floor<std::chrono::days>(local);
  return static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(since_midnight).count());
}

json reminder_json(const core::Reminder& r, core::UtcOffset offset) {
  json result = {{"kind", core::to_string(r.kind)},
                 {"phase", core::to_string(r.phase)},
                 {"snoozes", r.snoozes},
                 {"can_snooze", r.can_snooze},
                 {"streak", r.streak},
                 {"nag", r.nag}};
  if (r.phase == core::ReminderPhase::due) result["overdue_seconds"] = r.overdue.count() / 1000;
  if (r.phase == core::ReminderPhase::coming_up) result["due_in_seconds"] = r.due_in.count() / 1000;
  if (r.back_at) result["back_at"] = core::format_iso8601(*r.back_at, offset);
  return result;
}

}  // namespace

BreakReminders::BreakReminders(boost::asio::io_context& io, Daemon& daemon)
    : io_(io),
      daemon_(daemon),
      scheduler_(daemon.config_state().config.breaks, daemon.clock().now()) {}

BreakReminders::~BreakReminders() = default;

void BreakReminders::start(bool notifications) {
  if (notifications) {
    notifier_ = std::make_unique<adapters::LibnotifyNotifier>(io_, *this);
  } else {
    notifier_ = std::make_unique<adapters::ConsoleNotifier>();
  }
  if (const auto path = adapters::find_resource_catalog()) {
    auto load = adapters::load_resource_catalog(*path);
    for (const auto& error : load.errors) spdlog::warn("resources: {}", error.to_string());
    catalog_ = std::move(load.resources);
    spdlog::debug("{} wellbeing resources from {}", catalog_.size(), path->string());
  } else {
    spdlog::warn("no wellbeing resource catalog found; reminders link nothing");
  }
  if (notifications) start_do_not_disturb_watch();
  restore_snapshot();
  started_ = true;
}

void BreakReminders::restore_snapshot() {
  std::optional<core::BreakSnapshot> saved;
  try {
    saved = daemon_.store().break_snapshot(daemon_.user());
  } catch (const std::exception& error) {
    spdlog::warn("cannot read the saved break timers ({}); they start from zero", error.what());
  }
  if (!saved) return;
  const auto now = daemon_.clock().now();
  scheduler_.restore(*saved, now);
  const auto status = scheduler_.status(now);
  spdlog::debug("break timers restored from {} ago: eye {}, movement {} worked{}",
                core::format_duration(std::max(core::Duration{0}, now.wall - saved->taken_at)),
                core::format_duration(status.timers[0].worked),
                core::format_duration(status.timers[1].worked),
                status.paused_until ? ", paused" : "");
}

void BreakReminders::save_snapshot() {
  if (!started_) return;
  daemon_.store().save_break_snapshot(daemon_.user(), scheduler_.snapshot(daemon_.clock().now()));
}

void BreakReminders::start_do_not_disturb_watch() {
  try {
    session_bus_ = std::make_unique<adapters::SdBusConnection>(
        io_, adapters::SdBusConnection::Bus::kSession, [this](std::string_view why) {
          spdlog::info("session bus lost ({}); do-not-disturb is no longer followed", why);
          do_not_disturb_.reset();
          session_bus_.reset();
          scheduler_.set_do_not_disturb(false, daemon_.clock().now());
          publish();
        });
    do_not_disturb_ = std::make_unique<adapters::DoNotDisturbWatch>(*session_bus_, [this](bool on) {
      spdlog::info("the notification server's do-not-disturb is {}", on ? "on" : "off");
      scheduler_.set_do_not_disturb(on, daemon_.clock().now());
      publish();
    });
  } catch (const std::exception& error) {
    spdlog::info("cannot follow the notification server's do-not-disturb ({})", error.what());
    do_not_disturb_.reset();
    session_bus_.reset();
  }
}

void BreakReminders::set_settings(const core::BreakSettings& settings) {
  if (settings == scheduler_.settings()) return;
  goal_feed_.forget();  // the goal may have been off: read the day's figure afresh
  scheduler_.set_settings(settings, daemon_.clock().now());
  publish();
}

void BreakReminders::refresh_goal(const core::Instant& now) {
  if (!scheduler_.settings().goal_enabled) return;
  const auto report = daemon_.report();
  const bool counting = daemon_.tracker().accountant().state() == core::ActivityState::active;
  const auto progress = goal_feed_.update(
      report.today(), counting, [&](core::LocalDate day) { return report.active_on(day); });
  if (progress) scheduler_.set_goal_progress(*progress, now);
}

void BreakReminders::update(const core::Presence& presence, bool presenting) {
  const auto now = daemon_.clock().now();
  refresh_goal(now);
  scheduler_.set_present(presence.present, presence.since, now);
  scheduler_.set_presenting(presenting, now);  // catches up (advance) as every setter does
  publish();
}

void BreakReminders::on_deadline() {
  const auto now = daemon_.clock().now();
  refresh_goal(now);
  scheduler_.advance(now);
  publish();
}

std::optional<core::BootTime> BreakReminders::next_deadline() const {
  return scheduler_.next_deadline(daemon_.clock().now());
}

core::AnswerResult BreakReminders::answer(core::BreakAnswer answer) {
  const auto result = scheduler_.answer(answer, daemon_.clock().now());
  publish();
  return result;
}

void BreakReminders::pause_until(std::optional<core::WallTime> until) {
  scheduler_.pause_until(until, daemon_.clock().now());
  save_snapshot();
  publish();
  daemon_.flush_now();  // a pause is rare and should outlive a restart at once
}

void BreakReminders::on_action(std::string_view key) {
  if (key == "open-resource") return;  // the notifier opened the link
  const auto answer = core::parse_break_answer(key);
  if (!answer) {
    spdlog::debug("unknown notification action \"{}\", ignoring", key);
    return;
  }
  const auto result = this->answer(*answer);
  if (result != core::AnswerResult::ok) {
    spdlog::info("notification action {}: {}", key, core::to_string(result));
  }
}

void BreakReminders::on_dismissed() {
  scheduler_.dismissed(daemon_.clock().now());
  publish();
}

void BreakReminders::on_server_changed(bool available) {
  server_available_ = available;
  spdlog::info("notification server {}", available ? notifier_->describe() : "gone");
}

std::optional<core::Resource> BreakReminders::resource_for(const core::Reminder& reminder) {
  const auto now = daemon_.clock().now().wall;
  const auto moment = core::moment_for(reminder.kind, reminder.nag,
                                       reminder.phase == core::ReminderPhase::goal_reached,
                                       local_hour(now, daemon_.clock().utc_offset(now)));
  return core::pick_resource(catalog_, moment, rotation_++);
}

void BreakReminders::publish() {
  store_events();
  if (!notifier_) return;  // not started yet
  show_visible();
  // Every change here may move the scheduler's next deadline.
  daemon_.rearm();
}

void BreakReminders::show_visible() {
  const auto& visible = scheduler_.visible();
  if (visible == shown_) return;
  if (!visible) {
    notifier_->close();
    shown_.reset();
    shown_resource_.reset();
    return;
  }
  // A fresh reminder links a fresh resource; an update in place keeps the one it had.
  if (!shown_ || shown_->kind != visible->kind || shown_->phase != visible->phase ||
      shown_->nag != visible->nag) {
    shown_resource_ = resource_for(*visible);
  }
  const auto now = daemon_.clock().now().wall;
  ReminderContext context{scheduler_.settings(), shown_resource_, daemon_.clock().utc_offset(now),
                          true};
  notifier_->show(reminder_notification(*visible, context));
  shown_ = visible;
}

void BreakReminders::store_events() {
  bool stored = false;
  for (auto& event : scheduler_.drain_events()) {
    event.offset = daemon_.clock().utc_offset(event.at);
    spdlog::debug("break {} {}{}{}", core::to_string(event.kind), core::to_string(event.type),
                  event.detail.empty() ? "" : ": ", event.detail);
    if (!core::is_stored(event.type)) continue;
    daemon_.store().append_break_event(daemon_.user(), event);
    stored = true;
  }
  if (stored) daemon_.flush_now();
}

json BreakReminders::status() const {
  const auto now = daemon_.clock().now();
  const auto status = scheduler_.status(now);
  json timers = json::array();
  for (const auto& timer : status.timers) {
    timers.push_back({{"kind", core::to_string(timer.kind)},
                      {"enabled", timer.enabled},
                      {"worked_seconds", timer.worked.count() / 1000},
                      {"due_in_seconds", timer.due_in.count() / 1000},
                      {"snoozes", timer.snoozes}});
  }
  const auto offset = daemon_.clock().utc_offset(now.wall);
  return {{"timers", std::move(timers)},
          {"visible", status.visible ? reminder_json(*status.visible, offset) : json(nullptr)},
          {"holds", status.holds},
          {"paused_until", status.paused_until
                               ? json(core::format_iso8601(*status.paused_until, offset))
                               : json(nullptr)},
          {"streak", status.streak},
          {"notifier", notifier_ ? notifier_->describe() : "none"},
          {"do_not_disturb",
           do_not_disturb_ ? std::string(do_not_disturb_->describe()) : "not followed"}};
}

}  // namespace screentime::app
