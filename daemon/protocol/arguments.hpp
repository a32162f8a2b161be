#pragma once
// Arguments: a request's `args`, checked against its command's row of the table and parsed
// into their types. Checking needs nothing but the request, so it runs before the peer is
// authorized and before anything is read or changed. Pure.

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "daemon/protocol/commands.hpp"
#include "daemon/protocol/duration_text.hpp"
#include "daemon/protocol/iso8601.hpp"

namespace screentime::protocol {

class Arguments {
 public:
  using Value = std::variant<std::string, bool, LocalDate, OffsetDateTime, Duration,
                             std::vector<std::string>, std::int64_t>;

  // Each getter is for the argument's type in the table; asking for another type is a bug
  // (std::logic_error). Absent arguments are nullopt (false for a flag).
  std::optional<std::string> text(std::string_view name) const;  // string or choice
  bool flag(std::string_view name) const;
  std::optional<LocalDate> date(std::string_view name) const;
  std::optional<OffsetDateTime> date_time(std::string_view name) const;
  std::optional<Duration> duration(std::string_view name) const;
  std::vector<std::string> languages(std::string_view name) const;
  std::optional<std::int64_t> count(std::string_view name) const;

  void set(std::string_view name, Value value);

 private:
  template <typename T>
  const T* find(std::string_view name) const;

  std::map<std::string, Value, std::less<>> values_;
};

// Throws ProtocolError(bad_request) naming the first argument that is unknown to `command`,
// missing, of the wrong type or out of range, or the arguments of which exactly one is wanted.
Arguments validate_arguments(const CommandSpec& command, const nlohmann::json& args);

// A report's days, from..to inclusive: to before from, or more than `max_days` days, is a
// bad_request naming the arguments.
void check_report_range(LocalDate from, LocalDate to, int max_days);

}  // namespace screentime::protocol
