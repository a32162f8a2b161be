#include "daemon/adapters/notify/libnotify_notifier.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <exception>
#include <filesystem>
#include <optional>
#include <string_view>
#include <utility>

#include "daemon/adapters/notify/libnotify_thread.hpp"

namespace screentime::adapters {
namespace {

// Runs a report on the loop thread, unless the notifier is gone; nothing unwinds into Asio.
template <typename State, typename Call>
void post_report(boost::asio::io_context& io, const std::shared_ptr<State>& state, const char* what,
                 Call call) {
  boost::asio::post(io, [state, what, call = std::move(call)]() mutable noexcept {
    if (state->listener == nullptr) return;
    try {
      call(*state);
    } catch (const std::exception& error) {
      spdlog::error("notifications: handling {} failed: {}", what, error.what());
    }
  });
}

}  // namespace

std::string default_notification_icon() {
  std::error_code error;
  if (std::filesystem::exists(SCREENTIME_INSTALLED_ICON, error)) return "screentime";
#ifdef SCREENTIME_SOURCE_ICON
  if (std::filesystem::exists(SCREENTIME_SOURCE_ICON, error)) return SCREENTIME_SOURCE_ICON;
#endif
  return {};
}

LibnotifyNotifier::LibnotifyNotifier(boost::asio::io_context& io, core::NotifierListener& listener,
                                     std::string icon)
    : state_(std::make_shared<LoopState>(LoopState{&listener})) {
  LibnotifyThread::Events events{
      .server_changed =
          [&io, state = state_](bool available, std::string description, bool actions) {
            post_report(io, state, "a server change",
                        [available, description = std::move(description),
                         actions](LoopState& loop) mutable {
                          loop.description = std::move(description);
                          loop.actions = actions;
                          loop.listener->on_server_changed(available);
                        });
          },
      .action =
          [&io, state = state_](std::string key) {
            post_report(io, state, "an action",
                        [key = std::move(key)](LoopState& loop) { loop.listener->on_action(key); });
          },
      .dismissed =
          [&io, state = state_] {
            post_report(io, state, "a dismissal",
                        [](LoopState& loop) { loop.listener->on_dismissed(); });
          },
  };
  thread_ = std::make_unique<LibnotifyThread>(std::move(icon), std::move(events));
}

LibnotifyNotifier::~LibnotifyNotifier() {
  state_->listener = nullptr;
  thread_.reset();
}

void LibnotifyNotifier::show(const core::Notification& n) { thread_->want(n); }

void LibnotifyNotifier::close() { thread_->want(std::nullopt); }

std::string LibnotifyNotifier::describe() const { return state_->description; }

bool LibnotifyNotifier::has_actions() const { return state_->actions; }

}  // namespace screentime::adapters
