#include "daemon/adapters/x11/x11_idle_poll.hpp"

#include <xcb/screensaver.h>

#include <algorithm>

namespace screentime::adapters {
namespace {

// Asked exactly at the moment a threshold could be reached, the server may still say a
// millisecond short of it (its clock and ours tick apart): ask a little later.
constexpr core::Duration kSlack{10};

}  // namespace

std::optional<X11IdlePoll> X11IdlePoll::open(XcbConnection& connection, std::string& why_not) {
  xcb_connection_t* c = connection.get();
  const xcb_query_extension_reply_t* extension = xcb_get_extension_data(c, &xcb_screensaver_id);
  if (const int code = xcb_connection_has_error(c); code != 0) {
    throw XcbError("asking for the MIT-SCREEN-SAVER extension: " + xcb_error_text(code));
  }
  if (extension == nullptr || extension->present == 0) {
    why_not = "the X server has no MIT-SCREEN-SAVER extension";
    return std::nullopt;
  }
  X11IdlePoll poll(c, connection.root());
  if (!poll.query()) {
    why_not = "the X server does not answer MIT-SCREEN-SAVER's QueryInfo";
    return std::nullopt;
  }
  return poll;
}

std::optional<core::Duration> X11IdlePoll::query() const {
  const auto reply = xcb_take_reply(xcb_screensaver_query_info_reply, connection_,
                                    xcb_screensaver_query_info(connection_, root_));
  if (!reply) return std::nullopt;
  return core::Duration{reply->ms_since_user_input};
}

std::optional<core::Duration> X11IdlePoll::next_wait(core::Duration idle,
                                                     std::optional<core::Duration> next_threshold,
                                                     bool away) {
  std::optional<core::Duration> wait;
  if (next_threshold) wait = std::max(*next_threshold - idle, core::Duration::zero()) + kSlack;
  if (away) wait = std::min(wait.value_or(kInputInterval), kInputInterval);
  return wait;
}

}  // namespace screentime::adapters
