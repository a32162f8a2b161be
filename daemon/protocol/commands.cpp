#include "daemon/protocol/commands.hpp"

#include <array>
#include <limits>

#include "daemon/protocol/limits.hpp"

namespace screentime::protocol {
namespace {

using std::string_view;

constexpr ArgSpec kDateRange[] = {{"from", ArgType::date}, {"to", ArgType::date}};
constexpr ArgSpec kUsageArgs[] = {
    {"from", ArgType::date},
    {"to", ArgType::date},
    {"by", ArgType::choice, false, kUsageGroupings},
    {"offset", ArgType::count, false, {}, {}, 0, std::numeric_limits<std::int32_t>::max()}};
constexpr ArgSpec kConfigCheckArgs[] = {{"text", ArgType::string, false, {}, {}, kMaxConfigText},
                                        {"name", ArgType::string, false, {}, {}, 4096}};
constexpr ArgSpec kForgetArgs[] = {{"before", ArgType::date}, {"all", ArgType::flag}};
constexpr string_view kForgetOneOf[] = {"before", "all"};
constexpr ArgSpec kBreakArgs[] = {{"answer", ArgType::choice, true, kBreakAnswers}};
constexpr ArgSpec kPauseArgs[] = {{"for", ArgType::duration, false, {}, kLongestPause},
                                  {"until", ArgType::date_time}};
constexpr string_view kPauseOneOf[] = {"for", "until"};
// The user a system role command concerns: a login name or a uid; default the peer itself.
constexpr ArgSpec kUserArgs[] = {{"user", ArgType::string, false, {}, {}, kMaxUserName}};
constexpr ArgSpec kGrantArgs[] = {{"user", ArgType::string, true, {}, {}, kMaxUserName},
                                  {"extra", ArgType::duration, true, {}, kLongestGrant}};
constexpr ArgSpec kSetArgs[] = {{"user", ArgType::string, true, {}, {}, kMaxUserName},
                                {"key", ArgType::choice, true, kLimitKeys},
                                {"value", ArgType::string, true, {}, {}, kMaxLimitValue}};
constexpr ArgSpec kLimitUsageArgs[] = {{"user", ArgType::string, false, {}, {}, kMaxUserName},
                                       {"from", ArgType::date},
                                       {"to", ArgType::date},
                                       {"by", ArgType::choice, false, kLimitUsageGroupings}};
constexpr ArgSpec kApproveArgs[] = {{"request", ArgType::string, true, {}, {}, kMaxRequestId}};
constexpr ArgSpec kAnswerArgs[] = {{"request", ArgType::string, true, {}, {}, kMaxRequestId},
                                   {"answer", ArgType::choice, true, kRequestAnswers},
                                   {"extra", ArgType::duration, false, {}, kLongestGrant}};
constexpr ArgSpec kAskArgs[] = {{"extra", ArgType::duration, true, {}, kLongestGrant},
                                {"reason", ArgType::string, false, {}, {}, kMaxRequestReason}};
constexpr ArgSpec kLoginArgs[] = {{"user", ArgType::string, true, {}, {}, kMaxUserName}};
constexpr ArgSpec kResourcesArgs[] = {{"languages", ArgType::languages},
                                      {"category", ArgType::choice, false, kResourceCategories}};

// name, args, one of, permission, targets a user, changes data, answered by
constexpr std::array<CommandSpec, 23> kCommands = {{
    {"status", {}, {}, Permission::self, true, false},
    {"usage", kUsageArgs, {}, Permission::self, true, false},
    {"config.get", {}, {}, Permission::self, true, false},
    {"config.check", kConfigCheckArgs, {}, Permission::self, true, false},
    {"reload", {}, {}, Permission::self, true, true},
    {"subscribe", {}, {}, Permission::self, true, false},
    {"forget", kForgetArgs, kForgetOneOf, Permission::self, true, true},
    {"break", kBreakArgs, {}, Permission::self, true, true},
    {"pause", kPauseArgs, kPauseOneOf, Permission::self, true, true},
    {"resume", {}, {}, Permission::self, true, true},
    {"breaks", kDateRange, {}, Permission::self, true, false},
    {"resources", kResourcesArgs, {}, Permission::anyone, false, false},
    {"limits.status", kUserArgs, {}, Permission::self, true, false, Role::system},
    {"limits.watch", {}, {}, Permission::self, true, false, Role::system},
    {"limits.show", kUserArgs, {}, Permission::self, true, false, Role::system},
    {"limits.grant", kGrantArgs, {}, Permission::admin, true, true, Role::system},
    {"limits.answer", kAnswerArgs, {}, Permission::admin, false, true, Role::system},
    {"limits.set", kSetArgs, {}, Permission::admin, false, true, Role::system},
    {"limits.usage", kLimitUsageArgs, {}, Permission::self, true, false, Role::system},
    {"limits.approve", kApproveArgs, {}, Permission::anyone, false, true, Role::system},
    {"limits.ask", kAskArgs, {}, Permission::self, true, true, Role::system},
    {"limits.requests", kUserArgs, {}, Permission::self, true, false, Role::system},
    {"limits.login", kLoginArgs, {}, Permission::self, true, false, Role::system},
}};

}  // namespace

std::span<const CommandSpec> command_table() { return kCommands; }

const CommandSpec* find_command(std::string_view name) {
  for (const CommandSpec& command : kCommands) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

std::string_view to_string(Permission permission) {
  switch (permission) {
    case Permission::anyone:
      return "anyone";
    case Permission::self:
      return "self";
    case Permission::admin:
      return "admin";
  }
  return "admin";
}

std::string_view to_string(Role role) { return role == Role::system ? "system" : "user"; }

std::string_view to_string(ArgType type) {
  switch (type) {
    case ArgType::string:
      return "string";
    case ArgType::flag:
      return "flag";
    case ArgType::date:
      return "date";
    case ArgType::date_time:
      return "date-time";
    case ArgType::duration:
      return "duration";
    case ArgType::choice:
      return "choice";
    case ArgType::languages:
      return "languages";
    case ArgType::count:
      return "count";
  }
  return "string";
}

}  // namespace screentime::protocol
