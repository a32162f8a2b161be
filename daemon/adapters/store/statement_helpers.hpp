#pragma once
// Small helpers the store's SQL classes share: resetting a statement whatever happens, and
// times as the integer milliseconds the schema keeps.

#include <SQLiteCpp/Statement.h>

#include <cstdint>

#include "daemon/core/time.hpp"

namespace screentime::adapters {

// A statement left mid-result keeps a read transaction open, which in WAL mode holds back
// checkpoints; reset every statement when done with it, whatever happened.
class ResetOnExit {
 public:
  explicit ResetOnExit(SQLite::Statement& statement) : statement_(statement) {
    statement_.tryReset();
  }
  ~ResetOnExit() { statement_.tryReset(); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  SQLite::Statement& statement_;
};

inline std::int64_t ms(core::WallTime time) { return time.time_since_epoch().count(); }

inline core::WallTime wall_from_ms(std::int64_t value) {
  return core::WallTime(core::Duration(value));
}

}  // namespace screentime::adapters
