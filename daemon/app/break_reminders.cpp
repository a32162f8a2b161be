#include "daemon/app/break_reminders.hpp"

#include <spdlog/spdlog.h>

#include "daemon/adapters/config/resource_catalog_loader.hpp"
#include "daemon/adapters/notify/console_notifier.hpp"
#include "daemon/adapters/notify/libnotify_notifier.hpp"
#include "daemon/app/reminder_text.hpp"
#include "daemon/app/user_runtime.hpp"
#include "daemon/protocol/duration_text.hpp"
#include "daemon/protocol/iso8601.hpp"

namespace screentime::app {
namespace {

int local_hour(core::WallTime at, core::UtcOffset offset) {
  const auto local = at + offset;
  const auto since_midnight = local - std::chrono::floor<std::chrono::days>(local);
  return static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(since_midnight).count());
}

protocol::VisibleReminder visible_reminder(const core::Reminder& r, core::UtcOffset offset) {
  protocol::VisibleReminder visible;
  visible.kind = core::to_string(r.kind);
  visible.phase = core::to_string(r.phase);
  visible.snoozes = r.snoozes;
  visible.can_snooze = r.can_snooze;
  visible.streak = r.streak;
  visible.nag = r.nag;
  if (r.phase == core::ReminderPhase::due) visible.overdue_seconds = r.overdue.count() / 1000;
  if (r.phase == core::ReminderPhase::coming_up) visible.due_in_seconds = r.due_in.count() / 1000;
  if (r.back_at) visible.back_at = protocol::OffsetDateTime{*r.back_at, offset};
  return visible;
}

}  // namespace

BreakReminders::BreakReminders(boost::asio::io_context& io, adapters::SharedBus& session_bus,
                               UserRuntime& daemon)
    : io_(io), daemon_(daemon), session_bus_(session_bus) {}

BreakReminders::~BreakReminders() = default;

void BreakReminders::start(bool notifications) {
  if (notifications) {
    notifier_ = std::make_unique<adapters::LibnotifyNotifier>(io_, *this);
  } else {
    notifier_ = std::make_unique<adapters::ConsoleNotifier>();
  }
  const auto& environment = daemon_.environment();
  if (const auto path =
          adapters::find_resource_catalog(environment.languages, environment.resource_dirs)) {
    auto load = adapters::load_resource_catalog(*path);
    for (const auto& error : load.errors) spdlog::warn("resources: {}", error.to_string());
    catalog_ = std::move(load.resources);
    spdlog::debug("{} wellbeing resources from {}", catalog_.size(), path->string());
  } else {
    spdlog::warn("no wellbeing resource catalog found; reminders link nothing");
  }
  if (notifications) start_do_not_disturb_watch();
}

std::optional<core::BreakSnapshot> BreakReminders::saved_snapshot() {
  try {
    return daemon_.store().break_snapshot(daemon_.user());
  } catch (const std::exception& error) {
    spdlog::warn("cannot read the saved break timers ({}); they start from zero", error.what());
    return std::nullopt;
  }
}

void BreakReminders::log_restored(const core::BreakSnapshot& saved) const {
  const auto now = daemon_.clock().now();
  const auto status = daemon_.session().breaks().status(now);
  spdlog::debug("break timers restored from {} ago: eye {}, movement {} worked{}",
                protocol::format_duration(std::max(core::Duration{0}, now.wall - saved.taken_at)),
                protocol::format_duration(status.timers[0].worked),
                protocol::format_duration(status.timers[1].worked),
                status.paused_until ? ", paused" : "");
}

void BreakReminders::start_do_not_disturb_watch() {
  try {
    auto& bus = session_bus_.connect();
    session_bus_lost_ = session_bus_.on_lost([this](std::string_view why) {
      // Said once, with all it means for the user: nothing on the session bus comes back.
      spdlog::warn(
          "session bus lost ({}): until screentimed restarts, reminders are written to this log "
          "instead of shown, and the notification server's do-not-disturb is not followed",
          why);
      do_not_disturb_.reset();
      session_bus_lost_.reset();
      daemon_.session().set_do_not_disturb(false);
      daemon_.settle();
    });
    do_not_disturb_ = std::make_unique<adapters::DoNotDisturbWatch>(bus, [this](bool on) {
      spdlog::info("the notification server's do-not-disturb is {}", on ? "on" : "off");
      daemon_.session().set_do_not_disturb(on);
      daemon_.settle();
    });
  } catch (const std::exception& error) {
    spdlog::info("cannot follow the notification server's do-not-disturb ({})", error.what());
    do_not_disturb_.reset();
    session_bus_lost_.reset();
  }
}

core::AnswerResult BreakReminders::answer(core::BreakAnswer answer) {
  const auto result = daemon_.session().answer(answer);
  daemon_.settle();
  return result;
}

void BreakReminders::pause_until(std::optional<core::WallTime> until) {
  daemon_.session().pause_until(until);
  // A pause is rare and should outlive a restart at once.
  daemon_.store().save_break_snapshot(daemon_.user(),
                                      daemon_.session().breaks().snapshot(daemon_.clock().now()));
  daemon_.settle();
  daemon_.flush_now();
}

void BreakReminders::on_action(std::string_view key) {
  if (key == "open-resource") return;  // the notifier opened the link
  if (key == "open-report") {
    if (open_notice_) open_notice_();
    return;
  }
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
  open_notice_ = nullptr;
  if (!shown_) return;  // a notice, not a reminder: nothing for the session to hear
  daemon_.session().dismissed();
  daemon_.settle();
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

void BreakReminders::close() {
  if (notifier_ && shown_) notifier_->close();
  shown_.reset();
  shown_resource_.reset();
}

void BreakReminders::show(const std::optional<core::Reminder>& visible) {
  if (!notifier_) return;  // not started yet: start() is followed by a settle that shows it
  if (visible == shown_) return;
  open_notice_ = nullptr;
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
  ReminderContext context{daemon_.session().settings().breaks, shown_resource_,
                          daemon_.clock().utc_offset(now), true};
  notifier_->show(reminder_notification(*visible, context));
  shown_ = visible;
}

void BreakReminders::show_notice(const core::Notification& notice, std::function<void()> open) {
  if (!notifier_ || shown_) return;
  notifier_->show(notice);
  open_notice_ = std::move(open);
}

protocol::BreakState BreakReminders::status() const {
  const auto now = daemon_.clock().now();
  const auto status = daemon_.session().breaks().status(now);
  const auto offset = daemon_.clock().utc_offset(now.wall);
  protocol::BreakState state;
  for (const auto& timer : status.timers) {
    state.timers.push_back({std::string(core::to_string(timer.kind)), timer.enabled,
                            timer.worked.count() / 1000, timer.due_in.count() / 1000,
                            timer.snoozes});
  }
  if (status.visible) state.visible = visible_reminder(*status.visible, offset);
  state.holds = status.holds;
  if (status.paused_until)
    state.paused_until = protocol::OffsetDateTime{*status.paused_until, offset};
  state.streak = status.streak;
  state.notifier = notifier_ ? notifier_->describe() : "none";
  state.do_not_disturb =
      do_not_disturb_ ? std::string(do_not_disturb_->describe()) : "not followed";
  return state;
}

}  // namespace screentime::app
