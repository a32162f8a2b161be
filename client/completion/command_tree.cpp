#include "client/completion/command_tree.hpp"

#include <CLI/CLI.hpp>

namespace screentime::client {
namespace {

// CLI11 writes a value's type as "TYPE:VALIDATOR:…"; an IsMember validator as "{a,b,c}".
void read_type(const CLI::Option& option, ValueKind& kind, std::vector<std::string>& choices) {
  const std::string type = option.get_type_name();
  const auto first = type.substr(0, type.find(':'));
  if (first == "FILE") kind = ValueKind::kFile;
  if (first == "USER") kind = ValueKind::kUser;
  for (std::size_t start = type.find(":{"); start != std::string::npos;
       start = type.find(":{", start + 1)) {
    const auto end = type.find('}', start);
    if (end == std::string::npos) break;
    std::string set = type.substr(start + 2, end - start - 2);
    for (std::size_t from = 0; from <= set.size();) {
      const auto comma = std::min(set.find(',', from), set.size());
      if (comma > from) choices.push_back(set.substr(from, comma - from));
      from = comma + 1;
    }
    kind = ValueKind::kChoice;
  }
}

}  // namespace

CommandNode command_tree(const CLI::App& app) {
  CommandNode node;
  node.name = app.get_name();
  node.help = app.get_description();
  for (const CLI::Option* option : app.get_options({})) {
    if (option->get_group().empty()) continue;
    if (option->get_positional()) {
      CommandPositional positional;
      positional.name = option->get_name();
      positional.help = option->get_description();
      positional.required = option->get_required();
      read_type(*option, positional.value, positional.choices);
      node.positionals.push_back(std::move(positional));
      continue;
    }
    CommandOption named;
    for (const auto& name : option->get_snames()) named.names.push_back("-" + name);
    for (const auto& name : option->get_lnames()) named.names.push_back("--" + name);
    named.help = option->get_description();
    if (option->get_expected_max() != 0) {  // a flag expects no value
      named.value = ValueKind::kText;
      read_type(*option, named.value, named.choices);
    }
    node.options.push_back(std::move(named));
  }
  for (const CLI::App* subcommand : app.get_subcommands([](const CLI::App*) { return true; })) {
    node.subcommands.push_back(command_tree(*subcommand));
  }
  return node;
}

}  // namespace screentime::client
