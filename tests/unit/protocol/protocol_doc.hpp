#pragma once
// docs/protocol.md read back as data: its command sections (permission line, argument table),
// its error codes and its JSON examples, so tests can hold the page to the command table.

#include <map>
#include <set>
#include <string>
#include <vector>

namespace screentime::protocol::testing {

struct DocArgument {
  std::string type;      // the type cell: "date", "choice: `day`, `hour`, `interval`"
  std::string required;  // "yes", "no", "one of"
};

struct DocCommand {
  std::string permission;  // from "Permission: `self`. Targets a user: yes. Changes data: no."
  std::string targets_user;
  std::string changes_data;
  std::string role;
  std::map<std::string, DocArgument> args;
  std::string text;  // the whole section
};

struct ProtocolDoc {
  std::map<std::string, DocCommand> commands;
  std::set<std::string> error_codes;
  std::string objects;  // the "Objects" section: fields several replies share
  // Every message of every ```json block; a message starts on a line that begins with "{",
  // lines that begin with a space continue it.
  std::vector<std::string> examples;
};

ProtocolDoc read_protocol_doc(const std::string& path);

}  // namespace screentime::protocol::testing
