#pragma once
// Arguments of control requests that several commands share, validated once.

#include <nlohmann/json.hpp>

#include "daemon/core/day_attribution.hpp"

namespace screentime::app {

// args.NAME as a date ("2026-11-24"), or `fallback` when absent; a bad_request error names
// the argument and the form expected.
core::LocalDate date_arg(const nlohmann::json& args, const char* name, core::LocalDate fallback);

}  // namespace screentime::app
