#pragma once
// The command table: every request the daemon answers, one row each, with the arguments it
// takes (type, range or allowed values, whether required), who may send it, whether it
// concerns a user and whether it changes data. The daemon validates and authorizes from these
// rows and maps each name to its handler (app/command_handlers); a unit test holds
// docs/protocol.md to them. Pure: linked by screentimectl too.

#include <chrono>
#include <cstdint>
#include <span>
#include <string_view>

namespace screentime::protocol {

enum class Permission {
  anyone,  // any peer that can connect
  self,    // the user the request concerns, or an administrator
  admin,   // an administrator: root; in the system role also the admin group's members
};

// Which daemon answers a command: the user's own (the user role) or `screentimed --system`.
enum class Role { user, system };

enum class ArgType {
  string,     // any text
  flag,       // true or false; false is the same as absent
  date,       // "2026-11-24"
  date_time,  // ISO 8601 with a UTC offset
  duration,   // "1h30m": above zero, at most ArgSpec::longest
  choice,     // one of ArgSpec::choices
  languages,  // an array of language codes ("sv"), at most kMaxLanguages
  count,      // a whole number from 0 to ArgSpec::most
};

struct ArgSpec {
  std::string_view name;
  ArgType type;
  bool required = false;
  std::span<const std::string_view> choices = {};  // choice: the allowed values
  std::chrono::milliseconds longest{};             // duration: the most it may be
  std::size_t max_bytes = 0;                       // string: the longest it may be; 0: any
  std::int64_t most = 0;                           // count: the largest it may be
};

struct CommandSpec {
  std::string_view name;
  std::span<const ArgSpec> args;
  std::span<const std::string_view> one_of;  // of these arguments exactly one is given
  Permission permission;
  bool targets_user;  // the request concerns one user's data (in the system role: whose)
  bool changes_data;  // it changes what is stored or what the daemon does
  Role role = Role::user;
};

std::span<const CommandSpec> command_table();
const CommandSpec* find_command(std::string_view name);

std::string_view to_string(Permission permission);
std::string_view to_string(Role role);
std::string_view to_string(ArgType type);  // as docs/protocol.md names it: "date-time"

}  // namespace screentime::protocol
