#include "daemon/protocol/arguments.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "daemon/protocol/limits.hpp"
#include "daemon/protocol/wire.hpp"

namespace screentime::protocol {
namespace {

using nlohmann::json;

[[noreturn]] void bad(std::string_view name, std::string_view what) {
  throw ProtocolError(ErrorCode::bad_request,
                      "args." + std::string(name) + ": " + std::string(what));
}

// "\"take\", \"snooze\" or \"skip\""
std::string alternatives(std::span<const std::string_view> values) {
  std::string text;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) text += i + 1 == values.size() ? " or " : ", ";
    text += "\"" + std::string(values[i]) + "\"";
  }
  return text;
}

bool is_language_code(std::string_view code) {
  return code.size() >= 2 && code.size() <= 3 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string string_of(const ArgSpec& spec, const json& value, std::string_view expected) {
  if (!value.is_string()) bad(spec.name, expected);
  return value.get<std::string>();
}

Arguments::Value parse(const ArgSpec& spec, const json& value) {
  switch (spec.type) {
    case ArgType::string: {
      auto text = string_of(spec, value, "expected a string");
      if (spec.max_bytes > 0 && text.size() > spec.max_bytes) {
        bad(spec.name, "at most " + std::to_string(spec.max_bytes) + " bytes");
      }
      return text;
    }
    case ArgType::flag:
      if (!value.is_boolean()) bad(spec.name, "expected true or false");
      return value.get<bool>();
    case ArgType::date: {
      const auto date =
          parse_iso_date(string_of(spec, value, "expected a date such as \"2026-11-24\""));
      if (!date) bad(spec.name, "expected a date such as \"2026-11-24\"");
      return *date;
    }
    case ArgType::date_time: {
      constexpr std::string_view kExpected =
          "expected a date-time such as \"2026-11-24T14:00:00+01:00\"";
      const auto moment = parse_iso8601(string_of(spec, value, kExpected));
      if (!moment) bad(spec.name, kExpected);
      return *moment;
    }
    case ArgType::duration: {
      constexpr std::string_view kExpected = "expected a duration such as \"1h\" or \"30m\"";
      const auto duration = parse_duration(string_of(spec, value, kExpected));
      if (!duration || *duration <= Duration::zero()) bad(spec.name, kExpected);
      if (*duration > spec.longest) bad(spec.name, "at most " + format_duration(spec.longest));
      return *duration;
    }
    case ArgType::choice: {
      const std::string expected = "expected " + alternatives(spec.choices);
      const auto text = string_of(spec, value, expected);
      if (std::find(spec.choices.begin(), spec.choices.end(), text) == spec.choices.end()) {
        bad(spec.name, expected);
      }
      return text;
    }
    case ArgType::languages: {
      constexpr std::string_view kExpected = "expected a list of language codes such as [\"sv\"]";
      if (!value.is_array() || value.size() > kMaxLanguages) bad(spec.name, kExpected);
      std::vector<std::string> codes;
      for (const auto& code : value) {
        if (!code.is_string() || !is_language_code(code.get<std::string>())) {
          bad(spec.name, kExpected);
        }
        codes.push_back(code.get<std::string>());
      }
      return codes;
    }
    case ArgType::count: {
      const std::string expected = "expected a whole number from 0 to " + std::to_string(spec.most);
      if (!value.is_number_integer()) bad(spec.name, expected);
      const auto number =
          value.is_number_unsigned()
              ? static_cast<std::int64_t>(std::min<std::uint64_t>(
                    value.get<std::uint64_t>(), static_cast<std::uint64_t>(spec.most) + 1))
              : value.get<std::int64_t>();
      if (number < 0 || number > spec.most) bad(spec.name, expected);
      return number;
    }
  }
  throw std::logic_error("argument type without a parser");
}

}  // namespace

template <typename T>
const T* Arguments::find(std::string_view name) const {
  const auto found = values_.find(name);
  if (found == values_.end()) return nullptr;
  const T* value = std::get_if<T>(&found->second);
  if (!value) throw std::logic_error("args." + std::string(name) + " read as another type");
  return value;
}

std::optional<std::string> Arguments::text(std::string_view name) const {
  const auto* value = find<std::string>(name);
  return value ? std::optional(*value) : std::nullopt;
}

bool Arguments::flag(std::string_view name) const {
  const auto* value = find<bool>(name);
  return value && *value;
}

std::optional<LocalDate> Arguments::date(std::string_view name) const {
  const auto* value = find<LocalDate>(name);
  return value ? std::optional(*value) : std::nullopt;
}

std::optional<OffsetDateTime> Arguments::date_time(std::string_view name) const {
  const auto* value = find<OffsetDateTime>(name);
  return value ? std::optional(*value) : std::nullopt;
}

std::optional<Duration> Arguments::duration(std::string_view name) const {
  const auto* value = find<Duration>(name);
  return value ? std::optional(*value) : std::nullopt;
}

std::vector<std::string> Arguments::languages(std::string_view name) const {
  const auto* value = find<std::vector<std::string>>(name);
  return value ? *value : std::vector<std::string>{};
}

std::optional<std::int64_t> Arguments::count(std::string_view name) const {
  const auto* value = find<std::int64_t>(name);
  return value ? std::optional(*value) : std::nullopt;
}

void Arguments::set(std::string_view name, Value value) {
  values_.insert_or_assign(std::string(name), std::move(value));
}

Arguments validate_arguments(const CommandSpec& command, const json& args) {
  for (const auto& [name, value] : args.items()) {
    const bool known =
        std::any_of(command.args.begin(), command.args.end(),
                    [&name = name](const ArgSpec& spec) { return spec.name == name; });
    if (!known) bad(name, "\"" + std::string(command.name) + "\" takes no such argument");
  }
  Arguments parsed;
  for (const ArgSpec& spec : command.args) {
    const auto value = args.find(spec.name);
    if (value == args.end() || value->is_null()) {
      if (spec.required) bad(spec.name, "required");
      continue;
    }
    parsed.set(spec.name, parse(spec, *value));
  }
  if (!command.one_of.empty()) {
    int count = 0;
    std::string names;
    for (std::string_view name : command.one_of) {
      const auto value = args.find(name);
      // A flag that is false says nothing: `"all": false` is as if `all` were left out.
      if (value != args.end() && !value->is_null() && (!value->is_boolean() || value->get<bool>()))
        ++count;
      names += (names.empty() ? "args." : " or args.") + std::string(name);
    }
    if (count != 1) {
      throw ProtocolError(ErrorCode::bad_request, "say exactly one of " + names);
    }
  }
  return parsed;
}

void check_report_range(LocalDate from, LocalDate to, int max_days) {
  const auto span = (std::chrono::sys_days{to} - std::chrono::sys_days{from}).count();
  if (span < 0) throw ProtocolError(ErrorCode::bad_request, "args.to: before args.from");
  if (span >= max_days) {
    throw ProtocolError(ErrorCode::bad_request,
                        "at most " + std::to_string(max_days) + " days per report");
  }
}

}  // namespace screentime::protocol
