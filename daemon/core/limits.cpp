#include "daemon/core/limits.hpp"

#include "daemon/core/limit_records.hpp"

namespace screentime::core {
namespace {

constexpr std::array<std::pair<LimitAction, std::string_view>, 4> kActionNames = {{
    {LimitAction::notify, "notify"},
    {LimitAction::lock, "lock"},
    {LimitAction::logout, "logout"},
    {LimitAction::suspend, "suspend"},
}};

}  // namespace

std::string_view to_string(LimitAction action) {
  for (const auto& [each, name] : kActionNames) {
    if (each == action) return name;
  }
  return "lock";
}

std::optional<LimitAction> parse_limit_action(std::string_view text) {
  for (const auto& [each, name] : kActionNames) {
    if (name == text) return each;
  }
  return std::nullopt;
}

std::string_view to_string(RequestState state) {
  switch (state) {
    case RequestState::pending:
      return "pending";
    case RequestState::granted:
      return "granted";
    case RequestState::denied:
      return "denied";
  }
  return "pending";
}

}  // namespace screentime::core
