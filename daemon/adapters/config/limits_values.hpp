#pragma once
// Reads the limits file's single values: durations, allowed hours, warnings, names. A reader
// that reports a problem (at the value's place) returns nullopt: the value is not used. Private
// to adapters/config.

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/adapters/config/limits_diagnostics.hpp"
#include "daemon/core/limits.hpp"

namespace screentime::adapters {

// `table.key` as it would be written in the file ("user.alice.daily"); a key that is not a bare
// TOML key is quoted.
std::string key_path(std::string_view table, std::string_view key);

// A login or group name as POSIX's portable set has it: [a-z_][a-z0-9_-]*[$]?, up to 32.
bool is_login_name(std::string_view text);
// A uid written as digits, without leading zeros, below (uid_t)-1.
bool is_uid(std::string_view text);

// Each reports a value of the wrong shape as "key: expected ..., got ...".
std::optional<core::Duration> read_allowance(const toml::node& value, const std::string& key,
                                             LimitsDiagnostics& diagnostics);
std::optional<core::Duration> read_grace(const toml::node& value, const std::string& key,
                                         LimitsDiagnostics& diagnostics);
std::optional<core::LimitAction> read_action(const toml::node& value, const std::string& key,
                                             LimitsDiagnostics& diagnostics);
std::optional<bool> read_bool(const toml::node& value, const std::string& key,
                              LimitsDiagnostics& diagnostics);
// Ranges sorted by their start; a problem in one range is reported at that range.
std::optional<std::vector<core::TimeOfDayRange>> read_allowed_hours(const toml::node& value,
                                                                    const std::string& key,
                                                                    LimitsDiagnostics& diagnostics);
// Longest first, duplicates removed.
std::optional<std::vector<core::Duration>> read_warnings(const toml::node& value,
                                                         const std::string& key,
                                                         LimitsDiagnostics& diagnostics);
// logind's session types, in the file's order, duplicates removed.
std::optional<std::vector<std::string>> read_session_types(const toml::node& value,
                                                           const std::string& key,
                                                           LimitsDiagnostics& diagnostics);
std::optional<std::string> read_group_name(const toml::node& value, const std::string& key,
                                           LimitsDiagnostics& diagnostics);
std::optional<std::string> read_user_name(const toml::node& value, const std::string& key,
                                          LimitsDiagnostics& diagnostics);
// A program to run without a shell: its absolute path, then its arguments.
std::optional<std::vector<std::string>> read_command(const toml::node& value,
                                                     const std::string& key,
                                                     LimitsDiagnostics& diagnostics);

}  // namespace screentime::adapters
