#include "daemon/app/break_commands.hpp"

#include <nlohmann/json.hpp>

#include "daemon/app/break_days.hpp"
#include "daemon/protocol/limits.hpp"
#include "daemon/protocol/wire.hpp"

namespace screentime::app {
namespace {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::ProtocolError;

std::string refusal(core::AnswerResult result, const core::BreakSettings& settings) {
  switch (result) {
    case core::AnswerResult::nothing_visible:
      return "no reminder is showing";
    case core::AnswerResult::snooze_limit:
      return "snoozed " + std::to_string(settings.max_snoozes) +
             " times in a row already: take the break or skip it";
    case core::AnswerResult::not_a_break:
      return "the daily goal's notice can only be dismissed (skip)";
    case core::AnswerResult::already_taking:
      return "the break is already being taken (skip ends it)";
    case core::AnswerResult::ok:
      break;
  }
  return "";
}

}  // namespace

json answer_break(UserControl& user, const protocol::Arguments& args) {
  const std::string text = args.text("answer").value_or("");
  // The table allows only the answers the core knows.
  const auto answer = core::parse_break_answer(text).value();
  const auto result = user.answer_break(answer);
  if (result != core::AnswerResult::ok) {
    throw ProtocolError(ErrorCode::refused, refusal(result, user.config_state().config.breaks));
  }
  return to_json(protocol::BreakAnswerReply{text, user.break_state()});
}

json pause_reminders(UserControl& user, const protocol::Arguments& args) {
  const auto now = user.clock().now().wall;
  core::WallTime end{};
  if (const auto length = args.duration("for")) {
    end = now + *length;  // at most kLongestPause: the table says so
  } else {
    end = args.date_time("until").value().utc;
    if (end <= now) throw ProtocolError(ErrorCode::bad_request, "args.until: already past");
    if (end - now > protocol::kLongestPause) {
      throw ProtocolError(ErrorCode::bad_request,
                          "args.until: a pause lasts at most 7 days; turn the breaks off in the "
                          "config instead");
    }
  }
  user.pause_reminders(end);
  return to_json(protocol::PauseReply{protocol::OffsetDateTime{end, user.clock().utc_offset(end)}});
}

json resume_reminders(UserControl& user, const protocol::Arguments&) {
  user.pause_reminders(std::nullopt);
  return to_json(protocol::PauseReply{});
}

json breaks_report(UserControl& user, const protocol::Arguments& args) {
  auto reply = break_days(
      user.report().today(), user.config_state().config.day_start, args,
      [&user](core::WallTime from, core::WallTime to) { return user.break_events(from, to); });
  reply.breaks = user.break_state();
  return to_json(reply);
}

}  // namespace screentime::app
