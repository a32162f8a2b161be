#include "daemon/adapters/config/limits_edit.hpp"

#include <vector>

namespace screentime::adapters {
namespace {

std::string_view trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.emplace_back(text.substr(start));
      break;
    }
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Where a line's comment starts (a '#' outside quotes), or npos.
std::size_t comment_at(std::string_view line) {
  bool in_string = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && in_string) {
      ++i;
    } else if (line[i] == '"') {
      in_string = !in_string;
    } else if (line[i] == '#' && !in_string) {
      return i;
    }
  }
  return std::string_view::npos;
}

// The table a header line opens, without brackets and spaces ("user.alice"); "" otherwise.
std::string header_of(std::string_view line) {
  auto text = trim(line.substr(0, comment_at(line)));
  if (text.size() < 2 || text.front() != '[' || text[1] == '[' || text.back() != ']') return {};
  std::string name;
  for (char c : text.substr(1, text.size() - 2)) {
    if (c != ' ' && c != '\t') name += c;
  }
  return name;
}

// The key a line sets ("weekday.sat.daily"), spaces removed; "" when it sets none.
std::string key_of(std::string_view line) {
  const auto text = trim(line.substr(0, comment_at(line)));
  const auto equals = text.find('=');
  if (text.empty() || text.front() == '[' || equals == std::string_view::npos) return {};
  std::string key;
  for (char c : text.substr(0, equals)) {
    if (c != ' ' && c != '\t') key += c;
  }
  return key;
}

}  // namespace

std::optional<std::string> toml_value_for(std::string_view key, std::string_view value) {
  value = trim(value);
  if (value == "unset") return std::nullopt;
  const bool list = key.ends_with("allowed_hours") || key == "warnings";
  if (key == "count_idle")
    return std::string(value == "true" ? "true" : value == "false" ? "false" : quoted(value));
  if (!list) return quoted(value);
  std::string array = "[";
  std::size_t start = 0;
  while (start <= value.size() && !value.empty()) {
    const auto comma = value.find(',', start);
    const auto item = trim(value.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    array += (array.size() > 1 ? ", " : "") + quoted(item);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return array + "]";
}

std::string set_user_key(std::string_view text, std::string_view user, std::string_view key,
                         const std::optional<std::string>& toml_value) {
  auto lines = split_lines(text);
  const std::string table_key = all_digits(user) ? quoted(user) : std::string(user);
  const std::string wanted = "user." + table_key;
  const std::string line = std::string(key) + " = " + toml_value.value_or("");

  std::size_t header = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (header_of(lines[i]) == wanted) header = i;
  }
  if (header == lines.size()) {
    if (toml_value) {
      if (!lines.empty() && !trim(lines.back()).empty()) lines.emplace_back();
      lines.push_back("[" + wanted + "]");
      lines.push_back(line);
    }
  } else {
    std::size_t end = header + 1;
    while (end < lines.size() && header_of(lines[end]).empty()) ++end;
    std::size_t last_key = header;
    bool replaced = false;
    for (std::size_t i = header + 1; i < end; ++i) {
      if (key_of(lines[i]).empty()) continue;
      last_key = i;
      if (key_of(lines[i]) != key) continue;
      if (!toml_value) {
        lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(i));
      } else {
        const auto indent = lines[i].substr(0, lines[i].find_first_not_of(" \t"));
        const auto comment = comment_at(lines[i]);
        lines[i] =
            indent + line + (comment == std::string::npos ? "" : "  " + lines[i].substr(comment));
      }
      replaced = true;
      break;
    }
    if (!replaced && toml_value) {
      lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(last_key + 1), line);
    }
  }
  std::string out;
  for (const auto& each : lines) out += each + "\n";
  return out;
}

}  // namespace screentime::adapters
