#include "daemon/adapters/notify/desktop_notice_helper.hpp"

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>

#include "daemon/adapters/control/one_request.hpp"
#include "daemon/adapters/notify/session_bus_notice.hpp"
#include "daemon/adapters/system/become_user.hpp"

namespace screentime::adapters {
namespace {

// Whole seconds the helper may live; the bus call itself gives up sooner.
constexpr unsigned kLifetimeSeconds = 10;
// How long a question (a notification with buttons) waits for its answer.
constexpr std::chrono::seconds kQuestionLifetime{15 * 60};
constexpr std::chrono::seconds kRequestTimeout{5};

void say(const std::string& text) { std::fprintf(stderr, "desktop notice: %s\n", text.c_str()); }

template <typename Number>
bool parse(const std::string& text, Number& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size();
}

}  // namespace

std::vector<std::string> notice_arguments(const NoticeOrder& order) {
  const auto& notification = order.notification;
  std::vector<std::string> arguments = {std::to_string(order.user),
                                        order.bus,
                                        std::to_string(static_cast<unsigned>(notification.urgency)),
                                        notification.category,
                                        notification.summary,
                                        notification.body};
  if (order.answers.actions.empty()) return arguments;
  arguments.push_back(order.answers.socket);
  for (const auto& action : order.answers.actions) {
    arguments.insert(arguments.end(), {action.key, action.label, action.line});
  }
  return arguments;
}

std::optional<NoticeOrder> parse_notice_order(const std::vector<std::string>& arguments) {
  NoticeOrder order;
  unsigned urgency = 0;
  if (arguments.size() < 6 || !parse(arguments[0], order.user) || !parse(arguments[2], urgency) ||
      urgency > 2 || arguments[1].empty() ||
      (arguments.size() > 6 && (arguments.size() - 7) % 3 != 0)) {
    return std::nullopt;
  }
  order.bus = arguments[1];
  order.notification.urgency = static_cast<core::NotificationUrgency>(urgency);
  order.notification.category = arguments[3];
  order.notification.summary = arguments[4];
  order.notification.body = arguments[5];
  if (arguments.size() > 6) order.answers.socket = arguments[6];
  for (std::size_t i = 7; i + 2 < arguments.size(); i += 3) {
    order.answers.actions.push_back({arguments[i], arguments[i + 1], arguments[i + 2]});
  }
  return order;
}

int run_desktop_notice_helper(const std::vector<std::string>& arguments) {
  alarm(kLifetimeSeconds);
  const auto order = parse_notice_order(arguments);
  if (!order) {
    say("usage: screentimed --desktop-notice UID BUS URGENCY CATEGORY SUMMARY BODY "
        "[SOCKET (KEY LABEL REQUEST)...]");
    return 64;
  }
  std::string error;
  if (!become_user(order->user, error)) {
    say(error);
    return 1;
  }
  SessionBusNotice notice(order->bus);
  if (!notice.connected() || !notice.show(order->notification, order->answers.actions)) return 1;
  if (order->answers.actions.empty()) return 0;
  // A question: wait for the answer, a person's time.
  alarm(static_cast<unsigned>(kQuestionLifetime.count()) + kLifetimeSeconds);
  const auto clicked = notice.wait_for_click(kQuestionLifetime);
  if (!clicked) return 0;
  for (const auto& action : order->answers.actions) {
    if (action.key != *clicked) continue;
    const auto request = nlohmann::json::parse(action.line, nullptr, false);
    const auto reply = request.is_object()
                           ? one_request(order->answers.socket, request, kRequestTimeout)
                           : std::nullopt;
    notice.close_notification();
    if (!reply || !reply->value("ok", false)) {
      say("the answer \"" + *clicked + "\" was not taken: " +
          (reply ? (*reply)["error"].value("message", std::string("?")) : "no reply"));
      return 1;
    }
  }
  return 0;
}

}  // namespace screentime::adapters
