#pragma once
// The single moment the daemon must wake next: the earliest of what each part of the core
// asks for. Nothing due means the daemon sleeps until an event arrives.

#include <algorithm>
#include <initializer_list>
#include <optional>

#include "daemon/core/time.hpp"

namespace screentime::core {

inline std::optional<BootTime> next_deadline(
    std::initializer_list<std::optional<BootTime>> wanted) {
  std::optional<BootTime> earliest;
  for (const auto& deadline : wanted) {
    if (deadline && (!earliest || *deadline < *earliest)) earliest = deadline;
  }
  return earliest;
}

}  // namespace screentime::core
