#include "daemon/app/command_handlers.hpp"

#include <unistd.h>

#include <array>
#include <nlohmann/json.hpp>

#include "daemon/adapters/config/config_loader.hpp"
#include "daemon/adapters/config/resource_catalog_loader.hpp"
#include "daemon/app/break_commands.hpp"
#include "daemon/app/config_view.hpp"
#include "daemon/core/day_attribution.hpp"
#include "daemon/protocol/limits.hpp"
#include "daemon/protocol/replies.hpp"
#include "daemon/protocol/wire.hpp"

namespace screentime::app {
namespace {

using nlohmann::json;
using protocol::Arguments;
using protocol::ErrorCode;
using protocol::ProtocolError;

std::vector<protocol::Diagnostic> diagnostics(const std::vector<adapters::ConfigDiagnostic>& list) {
  std::vector<protocol::Diagnostic> result;
  for (const auto& d : list) result.push_back({d.file, d.line, d.column, d.message});
  return result;
}

std::optional<std::string> file_of(const ConfigState& state) {
  return state.file ? std::optional(state.file->string()) : std::nullopt;
}

json status(UserControl& user, const Arguments&) {
  auto parts = user.status_parts();
  const auto& config = user.config_state();
  protocol::StatusReply reply;
  reply.state = state_reply(user);
  reply.activity_source = std::move(parts.activity_source);
  reply.activity = std::move(parts.activity);
  reply.version = SCREENTIME_VERSION;
  reply.pid = getpid();
  reply.config = {file_of(config), config.in_force, diagnostics(config.errors)};
  reply.breaks = user.break_state();
  reply.database = parts.database.string();
  reply.database_damage = parts.database_damage;
  reply.pending_writes = parts.pending_writes;
  reply.limits = std::move(parts.limits);
  return to_json(reply);
}

json usage(UserControl& user, const Arguments& args) {
  return to_json(usage_reply(user.report(), args));
}

json config_get(UserControl& user, const Arguments&) {
  const auto& state = user.config_state();
  return to_json(protocol::ConfigReply{file_of(state), state.in_force, config_view(state.config)});
}

// The daemon's own file, or the text the request carries: never a path a client names, so a
// client cannot make the daemon open (or tell it anything about) a file of its choosing.
json config_check(UserControl& user, const Arguments& args) {
  protocol::ConfigCheckReply reply;
  adapters::ConfigLoad load;
  if (const auto text = args.text("text")) {
    reply.file = args.text("name").value_or("request");
    load = adapters::parse_config(*text, *reply.file);
  } else if (const auto& file = user.config_state().file) {
    reply.file = file->string();
    load = adapters::load_config_file(*file);
  }
  reply.valid = load.ok();
  reply.errors = diagnostics(load.errors);
  reply.warnings = diagnostics(load.warnings);
  return to_json(reply);
}

json reload(UserControl& user, const Arguments&) {
  const bool loaded = user.reload_config();
  const auto& state = user.config_state();
  return to_json(protocol::ReloadReply{loaded, file_of(state), diagnostics(state.errors)});
}

// The state, and what the stream's other events start from: the take-a-break state and the
// standing against a parent's limits.
json subscribe(UserControl& user, const Arguments&) {
  json result = to_json(state_reply(user));
  result["breaks"] = to_json(user.break_state());
  result["limits"] = user.status_parts().limits;
  return result;
}

json forget(UserControl& user, const Arguments& args) {
  const auto& clock = user.clock();
  core::WallTime cutoff = clock.now().wall;
  if (const auto before = args.date("before")) {
    // The day's start in UTC with the offset in force then, not the local time read as UTC.
    cutoff = core::local_day_begins(*before, user.config_state().config.day_start,
                                    [&clock](core::WallTime at) { return clock.utc_offset(at); });
  }
  user.forget_before(cutoff);
  return to_json(protocol::ForgetReply{{cutoff, clock.utc_offset(cutoff)}});
}

json resources(UserControl& user, const Arguments& args) {
  const auto file = user.resource_catalog(args.languages("languages"));
  if (!file) throw ProtocolError(ErrorCode::refused, "no wellbeing resource catalog is installed");
  const auto load = adapters::load_resource_catalog(*file);
  protocol::ResourcesReply reply{file->stem().string(), {}, diagnostics(load.errors)};
  const auto category = args.text("category");
  for (const auto& r : load.resources) {
    if (category && r.category != *category) continue;
    reply.resources.push_back({r.id, r.title, r.description, r.url, r.category, r.moments});
  }
  return to_json(reply);
}

constexpr std::array<HandlerRow, 12> kHandlers = {{
    {"status", status},
    {"usage", usage},
    {"config.get", config_get},
    {"config.check", config_check},
    {"reload", reload},
    {"subscribe", subscribe, true},
    {"forget", forget},
    {"break", answer_break},
    {"pause", pause_reminders},
    {"resume", resume_reminders},
    {"breaks", breaks_report},
    {"resources", resources},
}};

}  // namespace

std::span<const HandlerRow> handler_table() { return kHandlers; }

protocol::StateReply state_reply(const UserControl& user) {
  const auto open = user.open_interval();
  protocol::StateReply reply;
  reply.state = core::to_string(user.activity_state());
  if (open) {
    reply.since = protocol::OffsetDateTime{open->start, open->utc_offset};
    reply.source = open->source;
    reply.detail = open->detail;
  }
  const auto report = user.report();
  reply.today = report.day(report.today());
  return reply;
}

}  // namespace screentime::app
