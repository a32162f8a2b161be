#pragma once
// TimeZone: local-time rules, as a pure function from a UTC moment to its UTC offset.

#include <string>

#include "daemon/core/time.hpp"

namespace screentime::core {

class TimeZone {
 public:
  virtual ~TimeZone() = default;
  virtual UtcOffset utc_offset(WallTime at) const = 0;
  virtual std::string name() const = 0;
};

}  // namespace screentime::core
