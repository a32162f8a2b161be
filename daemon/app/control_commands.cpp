#include "daemon/app/control_commands.hpp"

#include <unistd.h>

#include "daemon/app/break_commands.hpp"
#include "daemon/app/manager.hpp"
#include "daemon/app/request_args.hpp"
#include "daemon/app/usage_report.hpp"
#include "daemon/protocol/commands.hpp"
#include "daemon/protocol/duration_text.hpp"
#include "daemon/protocol/iso8601.hpp"
#include "daemon/protocol/wire.hpp"

namespace screentime::app {
namespace {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::ProtocolError;

// Totals per day or hour are computed for every day asked; this bounds the work one request
// can ask for (ten years).
constexpr int kMaxReportDays = 3660;

json diagnostics_json(const std::vector<adapters::ConfigDiagnostic>& list) {
  json result = json::array();
  for (const auto& diagnostic : list) {
    result.push_back({{"file", diagnostic.file},
                      {"line", diagnostic.line},
                      {"column", diagnostic.column},
                      {"message", diagnostic.message}});
  }
  return result;
}

json rule_json(const core::BreakRule& rule) {
  return {{"enabled", rule.enabled},
          {"every", protocol::format_duration(rule.every)},
          {"length", protocol::format_duration(rule.length)},
          {"notice", protocol::format_duration(rule.notice)}};
}

json config_json(const core::Config& config) {
  const auto day_start = std::chrono::hh_mm_ss<std::chrono::minutes>{config.day_start};
  char day_start_text[8];
  std::snprintf(day_start_text, sizeof day_start_text, "%02d:%02d",
                static_cast<int>(day_start.hours().count()),
                static_cast<int>(day_start.minutes().count()));
  return {{"general", {{"day_starts_at", day_start_text}}},
          {"history",
           {{"database", config.database},
            {"checkpoint_interval", protocol::format_duration(config.checkpoint_interval)},
            {"retention",
             config.retention ? protocol::format_duration(*config.retention) : "forever"}}},
          {"activity",
           {{"source", config.activity_source},
            {"idle_threshold", protocol::format_duration(config.idle_threshold)},
            {"inhibitor_cap", protocol::format_duration(config.inhibitor_cap)}}},
          {"breaks",
           {{"snooze", protocol::format_duration(config.breaks.snooze)},
            {"max_snoozes", config.breaks.max_snoozes},
            {"min_gap", protocol::format_duration(config.breaks.min_gap)},
            {"nag_after", config.breaks.nag_after},
            {"eye", rule_json(config.breaks.eye)},
            {"movement", rule_json(config.breaks.movement)}}},
          {"goal",
           {{"enabled", config.breaks.goal_enabled},
            {"daily", protocol::format_duration(config.breaks.daily_goal)}}}};
}

}  // namespace

RequestOutcome ControlCommands::handle(uid_t peer_uid, std::string_view line) {
  json id = nullptr;
  try {
    auto request = protocol::parse_request(line);
    id = request.id;
    const auto* command = protocol::find_command(request.command);
    if (!command) {
      throw ProtocolError(ErrorCode::unknown_command,
                          "unknown command \"" + request.command + "\"");
    }
    // Only the accounted user (or root) may read or change their history.
    if (peer_uid != daemon_.user() && peer_uid != 0) {
      throw ProtocolError(ErrorCode::permission_denied,
                          "\"" + request.command + "\" is for the user this daemon accounts");
    }
    if (request.command == "subscribe") {
      return {protocol::ok_reply(id, state_event()), true, id};
    }
    return {protocol::ok_reply(id, run(request.command, request.args)), false, nullptr};
  } catch (const ProtocolError& error) {
    return {protocol::error_reply(id, error.code(), error.what()), false, nullptr};
  } catch (const std::exception& error) {
    // Storage trouble while answering: the client may try again; the daemon goes on.
    return {protocol::error_reply(id, ErrorCode::unavailable, error.what()), false, nullptr};
  }
}

json ControlCommands::run(std::string_view command, const json& args) {
  if (command == "status") return status();
  if (command == "usage") return usage(args);
  if (command == "config.get") return config_get();
  if (command == "config.check") return config_check(args);
  if (command == "reload") return reload();
  if (command == "forget") return forget(args);
  if (command == "break") return answer_break(daemon_, args);
  if (command == "pause") return pause_reminders(daemon_, args);
  if (command == "resume") return resume_reminders(daemon_);
  if (command == "breaks") return breaks_report(daemon_, args);
  throw ProtocolError(ErrorCode::internal, "no handler for \"" + std::string(command) + "\"");
}

json ControlCommands::state_event() const {
  const auto now = daemon_.clock().now();
  const auto& accountant = daemon_.session().accountant();
  const auto open = accountant.open_interval(now);
  json event = {{"state", core::to_string(accountant.state())},
                {"source", open ? open->source : ""},
                {"detail", open ? open->detail : ""}};
  event["since"] =
      open ? json(protocol::format_iso8601(open->start, open->utc_offset)) : json(nullptr);
  event["today"] = daemon_.report().day(daemon_.report().today());
  return event;
}

json ControlCommands::status() const {
  json result = state_event();
  const auto& config = daemon_.config_state();
  result["activity_source"] = daemon_.activity_source();
  const auto& sources = daemon_.sources();
  json inhibitors = json::array();
  for (const auto& held : daemon_.session().arbiter().inhibitors()) {
    inhibitors.push_back({{"source", held.source}, {"who", held.who}, {"why", held.why}});
  }
  const auto precision = sources.input_precision();
  result["activity"] = {
      {"input", sources.input_name().empty() ? json(nullptr) : json(sources.input_name())},
      {"precision_ms", precision ? json(precision->count()) : json(nullptr)},
      {"session", sources.has_session()},
      {"presenting", sources.presenting()},
      {"inhibitors", std::move(inhibitors)}};
  result["version"] = SCREENTIME_VERSION;
  result["protocol"] = protocol::kProtocolVersion;
  result["pid"] = getpid();
  result["config"] = {{"file", config.file ? json(config.file->string()) : json(nullptr)},
                      {"in_force", config.in_force},
                      {"errors", diagnostics_json(config.errors)}};
  result["breaks"] = daemon_.reminders().status();
  result["database"] = daemon_.database().string();
  result["pending_writes"] = daemon_.store().pending();
  return result;
}

json ControlCommands::usage(const json& args) const {
  const auto today = daemon_.report().today();
  const auto from = date_arg(args, "from", today);
  const auto to = date_arg(args, "to", from > today ? from : today);
  const std::string by = protocol::string_arg(args, "by").value_or("day");
  if (by != "day" && by != "hour" && by != "interval") {
    throw ProtocolError(ErrorCode::bad_request,
                        "args.by: expected \"day\", \"hour\" or \"interval\"");
  }
  const auto span = (std::chrono::sys_days{to} - std::chrono::sys_days{from}).count();
  if (span < 0) throw ProtocolError(ErrorCode::bad_request, "args.to: before args.from");
  if (by != "interval" && span >= kMaxReportDays) {
    throw ProtocolError(ErrorCode::bad_request, "at most " + std::to_string(kMaxReportDays) +
                                                    " days per report; use by: \"interval\"");
  }
  return daemon_.report().usage(from, to, by);
}

json ControlCommands::config_get() const {
  const auto& state = daemon_.config_state();
  return {{"file", state.file ? json(state.file->string()) : json(nullptr)},
          {"in_force", state.in_force},
          {"config", config_json(state.config)}};
}

json ControlCommands::config_check(const json& args) const {
  const auto requested = protocol::string_arg(args, "file");
  const auto file =
      requested ? std::optional<std::filesystem::path>(*requested) : daemon_.config_state().file;
  if (!file)
    return {
        {"file", nullptr}, {"valid", true}, {"errors", json::array()}, {"warnings", json::array()}};
  const auto load = adapters::load_config_file(*file);
  return {{"file", file->string()},
          {"valid", load.ok()},
          {"errors", diagnostics_json(load.errors)},
          {"warnings", diagnostics_json(load.warnings)}};
}

json ControlCommands::reload() {
  const bool loaded = daemon_.reload_config();
  const auto& state = daemon_.config_state();
  return {{"loaded", loaded},
          {"file", state.file ? json(state.file->string()) : json(nullptr)},
          {"errors", diagnostics_json(state.errors)}};
}

json ControlCommands::forget(const json& args) {
  const bool all = protocol::bool_arg(args, "all").value_or(false);
  const auto before = protocol::string_arg(args, "before");
  if (all == before.has_value()) {
    throw ProtocolError(ErrorCode::bad_request, "say args.before (a date) or args.all: true");
  }
  const auto now = daemon_.clock().now().wall;
  core::WallTime cutoff = now;
  if (before) {
    const auto date = protocol::parse_iso_date(*before);
    if (!date) {
      throw ProtocolError(ErrorCode::bad_request,
                          "args.before: expected a date such as \"2026-01-01\"");
    }
    // The day's start in UTC with the offset in force then, not the local time read as UTC.
    cutoff = core::local_day_begins(
        *date, daemon_.config_state().config.day_start,
        [this](core::WallTime at) { return daemon_.clock().utc_offset(at); });
  }
  daemon_.forget_before(cutoff);
  return {{"forgot_before", protocol::format_iso8601(cutoff, daemon_.clock().utc_offset(cutoff))}};
}

}  // namespace screentime::app
