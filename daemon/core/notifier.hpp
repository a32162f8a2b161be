#pragma once
// Notifier: shows the daemon's one resident reminder (a break is due, the limit is near) on
// the desktop and reports what the user did with it. Implemented by the adapters (libnotify,
// console); the core only builds Notification values. Loop thread only: every method is
// called, and every NotifierListener call arrives, on the daemon's loop thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/interval.hpp"

namespace screentime::core {

enum class NotificationUrgency : std::uint8_t { low, normal, critical };

struct NotificationAction {
  std::string key;    // reported back by on_action: "take", "snooze", "skip", "open-resource"
  std::string label;  // shown on the button, already translated
};

struct Notification {
  std::string summary;
  std::string body;  // plain text
  // The same text with <b> and <a href="...">; used where the server renders markup (links
  // only where it renders hyperlinks too). Empty: body is used everywhere.
  std::string body_markup;
  std::vector<NotificationAction> actions;
  NotificationUrgency urgency = NotificationUrgency::normal;
  std::string category;  // the "category" hint, e.g. "x-screentime.break"
  // An https URL opened with the desktop's default handler when the action "open-resource"
  // is invoked (on_action is reported as well).
  std::string link;
};

class NotifierListener {
 public:
  virtual ~NotifierListener() = default;
  // The user invoked an action of the notification shown last.
  virtual void on_action(std::string_view key) = 0;
  // The user closed it (NotificationClosed reason 2), not as the result of an action.
  virtual void on_dismissed() = 0;
  // The notification server is there or not. The first call gives the state found at start;
  // then one call per change. While it is away, show() logs the text instead, and the latest
  // notification is shown once it is back (unless close() came first).
  virtual void on_server_changed(bool available) = 0;
};

class Notifier {
 public:
  virtual ~Notifier() = default;
  // Shows `n` in place of the one shown before (updated in place, never stacked). Returns at
  // once: never waits for the server.
  virtual void show(const Notification& n) = 0;
  // Closes the visible one, if any, and forgets a pending one.
  virtual void close() = 0;
  // For status and the log: "libnotify (dunst 1.9.0; actions, body-hyperlinks)", "console".
  virtual std::string describe() const = 0;
  // The server shows action buttons (capability "actions"); without it the user answers with
  // screentimectl.
  virtual bool has_actions() const = 0;
};

// A button on a notification the daemon does not hear clicked itself: the click sends `line`
// (one protocol request) to the control socket as the user who clicked, so the daemon
// authorizes it from that user's credentials like any request of theirs.
struct ActionRequest {
  std::string key;
  std::string label;  // already translated
  std::string line;   // e.g. {"cmd":"limits.answer","args":{...}}
};

struct AnsweringActions {
  std::string socket;
  std::vector<ActionRequest> actions;
};

// Puts a notification on a given user's desktop, whichever user the daemon runs as: the system
// role's voice on a limited user's screen. One-way: it returns at once, and what becomes of
// the notification is not reported; a click on one of `answers` reaches the daemon as a
// request from the user who clicked. Loop thread only.
class UserNotifier {
 public:
  virtual ~UserNotifier() = default;
  virtual void show(UserId user, const Notification& notification,
                    const AnsweringActions& answers = {}) = 0;
  virtual std::string describe() const = 0;
};

// Runs a parent's configured command as a given user, without a shell and without waiting for
// it: the system role's word to a parent who is not at a screen. Loop thread only.
class CommandRunner {
 public:
  virtual ~CommandRunner() = default;
  // `command`: the program's absolute path, then its arguments.
  virtual void run_as(UserId user, const std::vector<std::string>& command) = 0;
};

}  // namespace screentime::core
