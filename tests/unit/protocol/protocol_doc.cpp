#include "tests/unit/protocol/protocol_doc.hpp"

#include <fstream>
#include <regex>
#include <stdexcept>

namespace screentime::protocol::testing {
namespace {

// "| `a` | b | c |" -> {"`a`", "b", "c"}
std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> result;
  std::size_t start = 1;
  while (start < row.size()) {
    const auto end = row.find('|', start);
    if (end == std::string::npos) break;
    std::string cell = row.substr(start, end - start);
    cell.erase(0, cell.find_first_not_of(' '));
    cell.erase(cell.find_last_not_of(' ') + 1);
    result.push_back(cell);
    start = end + 1;
  }
  return result;
}

std::string unquoted(const std::string& cell) {
  return cell.size() >= 2 && cell.front() == '`' && cell.back() == '`'
             ? cell.substr(1, cell.size() - 2)
             : cell;
}

}  // namespace

ProtocolDoc read_protocol_doc(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read " + path);
  const std::regex command_heading(R"(^### `([a-z.]+)`$)");
  const std::regex permission_line(
      R"(^Permission: `(\w+)`\. Targets a user: (yes|no)\. Changes data: (yes|no)\. )"
      R"(Answered by: `(\w+)`\.$)");
  ProtocolDoc doc;
  std::string section;  // the "## " heading we are under
  DocCommand* command = nullptr;
  bool in_json = false;
  std::string line;
  std::smatch match;
  while (std::getline(file, line)) {
    if (in_json) {
      if (line == "```") {
        in_json = false;
      } else if (line.starts_with("{")) {
        doc.examples.push_back(line);
      } else if (line.starts_with(" ") && !doc.examples.empty()) {
        doc.examples.back() += "\n" + line;
      } else if (!line.empty()) {
        throw std::runtime_error("a line in a json block that starts no message: " + line);
      }
    } else if (line == "```json") {
      in_json = true;
    } else if (line.starts_with("## ")) {
      section = line.substr(3);
      command = nullptr;
    } else if (std::regex_match(line, match, command_heading)) {
      command = &doc.commands[match[1]];
    } else if (command && std::regex_match(line, match, permission_line)) {
      command->permission = match[1];
      command->targets_user = match[2];
      command->changes_data = match[3];
      command->role = match[4];
    } else if (command && line.starts_with("| `")) {
      const auto row = cells(line);
      if (row.size() == 4) command->args[unquoted(row[0])] = {row[1], row[2]};
    } else if (section == "Error codes" && line.starts_with("| `")) {
      doc.error_codes.insert(unquoted(cells(line).at(0)));
    }
    if (command) command->text += line + "\n";
    if (section == "Objects") doc.objects += line + "\n";
  }
  return doc;
}

}  // namespace screentime::protocol::testing
