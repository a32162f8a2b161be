#pragma once
// A timeline's `limits` event (format 3): one user's limits, with the keys of a user's table
// in the limits file, resolved per weekday.

#include <nlohmann/json.hpp>
#include <optional>

#include "daemon/core/limits.hpp"

namespace screentime::replay {

// nullopt for `"off": true`. Throws std::invalid_argument naming the bad field.
std::optional<core::UserLimits> read_limits_event(const nlohmann::json& object);

}  // namespace screentime::replay
