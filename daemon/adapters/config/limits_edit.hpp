#pragma once
// Changing one key of one user in the limits file's text, as a person would with an editor:
// the rest of the file (comments, order, blank lines, other users) stays as it was. Pure: the
// caller checks the result with parse_limits before writing it.

#include <optional>
#include <string>
#include <string_view>

namespace screentime::adapters {

// The value of `key` ("daily", "weekday.sat.allowed_hours", ...) as TOML for the text a
// person typed: a duration or word as a string, a comma-separated list as an array of strings
// ("" is the empty list), true or false for count_idle. nullopt for "unset" (remove the key).
std::optional<std::string> toml_value_for(std::string_view key, std::string_view value);

// `text` with `key = toml_value` in the table of user `user` (a login name, or a uid in
// digits): the key's line replaced where it is (an inline comment kept), else added after the
// table's last key, else the table added at the end. nullopt `toml_value`: the key's line
// removed.
std::string set_user_key(std::string_view text, std::string_view user, std::string_view key,
                         const std::optional<std::string>& toml_value);

}  // namespace screentime::adapters
