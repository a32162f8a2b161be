#include "daemon/adapters/notify/libnotify_thread.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <string_view>
#include <utility>

namespace screentime::adapters {
namespace {

constexpr const char* kAppName = "screentime";
constexpr const char* kServerName = "org.freedesktop.Notifications";
constexpr const char* kServerPath = "/org/freedesktop/Notifications";

struct GFreeDeleter {
  void operator()(void* p) const { g_free(p); }
};
using GCharPtr = std::unique_ptr<char, GFreeDeleter>;

// GError's message, and the error freed.
std::string take_message(GError* error) {
  std::string message = error != nullptr ? error->message : "unknown error";
  g_clear_error(&error);
  return message;
}

void attach_idle(GMainContext* context, GSourceFunc function, gpointer data) {
  GSource* source = g_idle_source_new();
  g_source_set_callback(source, function, data, nullptr);
  g_source_attach(source, context);
  g_source_unref(source);
}

// The notification spec takes an icon name or a file:// URI, not a bare path.
std::string icon_for_spec(std::string icon) {
  if (!g_path_is_absolute(icon.c_str())) return icon;
  const GCharPtr uri(g_filename_to_uri(icon.c_str(), nullptr, nullptr));
  return uri ? std::string(uri.get()) : std::string();
}

NotifyUrgency to_libnotify(core::NotificationUrgency urgency) {
  switch (urgency) {
    case core::NotificationUrgency::low:
      return NOTIFY_URGENCY_LOW;
    case core::NotificationUrgency::normal:
      return NOTIFY_URGENCY_NORMAL;
    case core::NotificationUrgency::critical:
      return NOTIFY_URGENCY_CRITICAL;
  }
  return NOTIFY_URGENCY_NORMAL;
}

// Only web pages: the link comes from configuration, and "open" must not run a file.
void open_link(const std::string& link) {
  if (!link.starts_with("https://")) {
    spdlog::warn("notifications: not opening \"{}\": not an https URL, ignoring", link);
    return;
  }
  GError* error = nullptr;
  if (!g_app_info_launch_default_for_uri(link.c_str(), nullptr, &error)) {
    spdlog::warn("notifications: cannot open \"{}\": {}, ignoring", link, take_message(error));
  }
}

}  // namespace

LibnotifyThread::LibnotifyThread(std::string icon, Events events)
    : icon_(icon_for_spec(std::move(icon))),
      events_(std::move(events)),
      context_(g_main_context_new()),
      loop_(g_main_loop_new(context_, FALSE)),
      thread_([this] { run(); }) {}

LibnotifyThread::~LibnotifyThread() {
  // An idle source, not g_main_loop_quit() from here: a quit before the thread reaches
  // g_main_loop_run() would be lost.
  attach_idle(
      context_,
      [](gpointer loop) {
        g_main_loop_quit(static_cast<GMainLoop*>(loop));
        return G_SOURCE_REMOVE;
      },
      loop_);
  thread_.join();
  g_main_loop_unref(loop_);
  g_main_context_unref(context_);
}

void LibnotifyThread::want(std::optional<core::Notification> notification) {
  const std::lock_guard lock(mutex_);
  wanted_ = std::move(notification);
  ++wanted_generation_;
  if (wake_pending_) return;  // one wake-up catches up with every wish before it
  wake_pending_ = true;
  attach_idle(context_, on_wake, this);
}

void LibnotifyThread::run() {
  g_main_context_push_thread_default(context_);
  connect();
  g_main_loop_run(loop_);
  disconnect();
  // GDBus hands the clean-up of unsubscribed signals to this context: run it, or it leaks.
  while (g_main_context_iteration(context_, FALSE)) {
  }
  g_main_context_pop_thread_default(context_);
}

void LibnotifyThread::connect() {
  GError* error = nullptr;
  bus_ = g_bus_get_sync(G_BUS_TYPE_SESSION, nullptr, &error);
  if (bus_ == nullptr) {
    spdlog::warn("notifications: no session bus ({}), logging them instead", take_message(error));
    return set_server(Server::absent, "libnotify (no session bus: logging)");
  }
  // The daemon decides when it ends; GLib would raise SIGTERM when the session bus closes.
  g_dbus_connection_set_exit_on_close(bus_, FALSE);
  notify_init(kAppName);
  // Event-driven: the first answer gives the state at start, then one call per change.
  watch_id_ = g_bus_watch_name_on_connection(bus_, kServerName, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                             on_appeared, on_vanished, this, nullptr);
}

void LibnotifyThread::disconnect() {
  if (notification_ != nullptr && server_ == Server::present) {
    // Without a reply, so that stopping never waits for a slow server (libnotify's close
    // would, up to D-Bus's 25 s timeout).
    gint id = 0;
    g_object_get(notification_, "id", &id, nullptr);
    if (id != 0) {
      g_dbus_connection_call(bus_, kServerName, kServerPath, kServerName, "CloseNotification",
                             g_variant_new("(u)", static_cast<guint32>(id)), nullptr,
                             G_DBUS_CALL_FLAGS_NONE, -1, nullptr, nullptr, nullptr);
    }
  }
  drop_notification();
  if (watch_id_ != 0) g_bus_unwatch_name(watch_id_);
  if (notify_is_initted()) notify_uninit();
  if (bus_ != nullptr) {
    g_dbus_connection_flush_sync(bus_, nullptr, nullptr);  // the close goes out before we do
    g_object_unref(bus_);
  }
}

gboolean LibnotifyThread::on_wake(gpointer self) {
  static_cast<LibnotifyThread*>(self)->sync();
  return G_SOURCE_REMOVE;
}

// Brings the server in line with the latest wish.
void LibnotifyThread::sync() {
  std::optional<core::Notification> wanted;
  std::uint64_t generation = 0;
  {
    const std::lock_guard lock(mutex_);
    wake_pending_ = false;
    wanted = wanted_;
    generation = wanted_generation_;
  }
  if (!wanted) return close_visible();
  if (server_ == Server::present) {
    if (generation != shown_generation_) present(*wanted, generation);
  } else if (server_ == Server::absent && generation != logged_generation_) {
    logged_generation_ = generation;  // once; shown for real when the server is back
    spdlog::info("notification (no notification server): \"{}\": {}", wanted->summary,
                 wanted->body);
  }
}

void LibnotifyThread::present(const core::Notification& n, std::uint64_t generation) {
  // Where the server renders markup, plain text must be escaped; links need body-hyperlinks.
  const bool use_markup = markup_ && !n.body_markup.empty() &&
                          (hyperlinks_ || n.body_markup.find("<a") == std::string::npos);
  const GCharPtr escaped(markup_ && !use_markup ? g_markup_escape_text(n.body.c_str(), -1)
                                                : nullptr);
  const char* body = use_markup ? n.body_markup.c_str() : escaped ? escaped.get() : n.body.c_str();
  // libnotify refuses an empty summary.
  const char* summary = n.summary.empty() ? kAppName : n.summary.c_str();
  const char* icon = icon_.empty() ? nullptr : icon_.c_str();

  if (notification_ == nullptr) {
    notification_ = notify_notification_new(summary, body, icon);
    g_signal_connect(notification_, "closed", G_CALLBACK(on_closed), this);
  } else {
    // Same object, same id: the server replaces it in place.
    notify_notification_update(notification_, summary, body, icon);
  }
  notify_notification_clear_hints(notification_);
  notify_notification_set_urgency(notification_, to_libnotify(n.urgency));
  if (!n.category.empty()) notify_notification_set_category(notification_, n.category.c_str());
  notify_notification_set_timeout(notification_, NOTIFY_EXPIRES_NEVER);  // a resident reminder
  notify_notification_clear_actions(notification_);
  if (actions_) {
    for (const auto& action : n.actions) {
      if (action.key.empty() || action.label.empty()) continue;  // libnotify refuses them
      notify_notification_add_action(notification_, action.key.c_str(), action.label.c_str(),
                                     on_action, this, nullptr);
    }
  }
  GError* error = nullptr;
  if (!notify_notification_show(notification_, &error)) {
    // Most likely the server just left; it is shown again when one comes back.
    spdlog::warn("notifications: cannot show \"{}\": {}, ignoring", n.summary, take_message(error));
    return;
  }
  shown_generation_ = generation;
  shown_link_ = n.link;
  acted_ = false;
}

void LibnotifyThread::close_visible() {
  if (notification_ == nullptr) return;
  GError* error = nullptr;
  if (!notify_notification_close(notification_, &error)) {
    spdlog::warn("notifications: cannot close the notification: {}, ignoring", take_message(error));
  }
  drop_notification();
}

// libnotify never resets a notification's closed state, so a closed one is not reused.
void LibnotifyThread::drop_notification() {
  if (notification_ != nullptr) {
    g_signal_handlers_disconnect_by_data(notification_, this);
    g_object_unref(notification_);
    notification_ = nullptr;
  }
  shown_generation_ = 0;
  shown_link_.clear();
  acted_ = false;
}

void LibnotifyThread::set_server(Server server, std::string description) {
  server_ = server;
  spdlog::debug("notifications: {}", description);  // the daemon logs the change at info
  events_.server_changed(server == Server::present, std::move(description), actions_);
  sync();  // the pending one is shown, or logged
}

std::string LibnotifyThread::read_capabilities() {
  actions_ = markup_ = hyperlinks_ = false;
  GList* capabilities = notify_get_server_caps();
  for (GList* item = capabilities; item != nullptr; item = item->next) {
    const std::string_view capability = static_cast<const char*>(item->data);
    actions_ = actions_ || capability == "actions";
    markup_ = markup_ || capability == "body-markup";
    hyperlinks_ = hyperlinks_ || capability == "body-hyperlinks";
  }
  g_list_free_full(capabilities, g_free);

  char* name = nullptr;
  char* version = nullptr;
  std::string server = "unknown server";
  if (notify_get_server_info(&name, nullptr, &version, nullptr)) {
    // dunst says "1.9.0 (2022-06-27)": the first word is the version.
    const std::string_view full = version != nullptr ? version : "";
    server = std::string(name != nullptr ? name : "?") + " " +
             std::string(full.substr(0, full.find(' ')));
  }
  g_free(name);
  g_free(version);
  std::string features;
  for (const auto& [has, text] : {std::pair{actions_, "actions"}, std::pair{markup_, "body-markup"},
                                  std::pair{hyperlinks_, "body-hyperlinks"}}) {
    if (has) features += std::string(features.empty() ? "; " : ", ") + text;
  }
  return "libnotify (" + server + features + ")";
}

void LibnotifyThread::on_appeared(GDBusConnection*, const gchar*, const gchar*, gpointer self) {
  auto& thread = *static_cast<LibnotifyThread*>(self);
  thread.drop_notification();  // a new server knows none of the old ids
  thread.set_server(Server::present, thread.read_capabilities());
}

void LibnotifyThread::on_vanished(GDBusConnection*, const gchar*, gpointer self) {
  auto& thread = *static_cast<LibnotifyThread*>(self);
  thread.drop_notification();  // what it showed went with it
  thread.actions_ = thread.markup_ = thread.hyperlinks_ = false;
  thread.set_server(Server::absent, "libnotify (no notification server: logging)");
}

void LibnotifyThread::on_closed(NotifyNotification* notification, gpointer self) {
  auto& thread = *static_cast<LibnotifyThread*>(self);
  // Some servers close a notification once an action was invoked: that is no dismissal.
  const bool dismissed =
      notify_notification_get_closed_reason(notification) == NOTIFY_CLOSED_REASON_DISMISSED &&
      !thread.acted_;
  {
    const std::lock_guard lock(thread.mutex_);
    if (thread.wanted_generation_ == thread.shown_generation_) thread.wanted_.reset();
  }
  thread.drop_notification();
  if (dismissed) thread.events_.dismissed();
}

void LibnotifyThread::on_action(NotifyNotification*, char* key, gpointer self) {
  auto& thread = *static_cast<LibnotifyThread*>(self);
  thread.acted_ = true;
  if (std::string_view(key) == "open-resource" && !thread.shown_link_.empty()) {
    open_link(thread.shown_link_);
  }
  thread.events_.action(key);
}

}  // namespace screentime::adapters
