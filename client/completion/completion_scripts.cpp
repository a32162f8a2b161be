#include "client/completion/completion_scripts.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace screentime::client {
namespace {

// A command with its path of names from the root: "screentimectl limits set".
struct PathedCommand {
  std::string path;
  const CommandNode* node;
};

void collect(const CommandNode& node, const std::string& path, std::vector<PathedCommand>& out) {
  out.push_back({path, &node});
  for (const auto& subcommand : node.subcommands) {
    collect(subcommand, path + " " + subcommand.name, out);
  }
}

std::vector<PathedCommand> every_command(const CommandNode& root) {
  std::vector<PathedCommand> commands;
  collect(root, root.name, commands);
  return commands;
}

// A value's completion as the scripts read it: "@file", "@user", the choices separated by
// spaces, or "" for free text.
std::string value_spec(ValueKind kind, const std::vector<std::string>& choices) {
  if (kind == ValueKind::kFile) return "@file";
  if (kind == ValueKind::kUser) return "@user";
  return fmt::format("{}", fmt::join(choices, " "));
}

// Single-quoted for bash and zsh.
std::string sh_quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Single-quoted for fish, where a backslash escapes a quote or a backslash.
std::string fish_quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) {
    if (c == '\'' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

// One line of help, for the descriptions zsh and fish show.
std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return text;
}

// An associative array of the scripts, as key and value.
using Table = std::vector<std::pair<std::string, std::string>>;

// The subcommands' names under each path that has some, separated by spaces.
Table names_table(const std::vector<PathedCommand>& commands) {
  Table table;
  for (const auto& [path, node] : commands) {
    if (node->subcommands.empty()) continue;
    std::vector<std::string> names;
    for (const auto& subcommand : node->subcommands) names.push_back(subcommand.name);
    table.emplace_back(path, fmt::format("{}", fmt::join(names, " ")));
  }
  return table;
}

// The values table both bash and zsh scripts use: "PATH OPTION" for an option that takes a
// value, "PATH N" for the Nth positional (from 0).
Table value_table(const std::vector<PathedCommand>& commands) {
  Table table;
  for (const auto& [path, node] : commands) {
    for (const auto& option : node->options) {
      if (option.value == ValueKind::kNone) continue;
      for (const auto& name : option.names) {
        table.emplace_back(path + " " + name, value_spec(option.value, option.choices));
      }
    }
    for (std::size_t i = 0; i < node->positionals.size(); ++i) {
      const auto& positional = node->positionals[i];
      table.emplace_back(path + " " + std::to_string(i),
                         value_spec(positional.value, positional.choices));
    }
  }
  return table;
}

// The walk over the words before the cursor, the same in bash and zsh: options and their
// values are skipped, a subcommand's name extends the path, anything else is a positional.
constexpr const char* kWalk = R"(    if [[ $word == -* ]]; then
      # bash splits "--format=waybar" into three words: the value is two on
      [[ -n ${VALUES[$cmdpath $word]+set} ]] && { [[ ${WORDS[i + 1]-} == = ]] && ((i++)); ((i++)); }
    elif ((positional == 0)) && [[ " ${NAMES[$cmdpath]-} " == *" $word "* ]]; then
      cmdpath+=" $word"
    else
      ((positional++))
    fi
  done
  key=
  if ((HAS_PREVIOUS)); then
    word=${WORDS[PREVIOUS]}
    [[ $word == -* && -n ${VALUES[$cmdpath $word]+set} ]] && key="$cmdpath $word"
  fi
)";

// The entries of an associative array's assignment: bash writes [key]=value, zsh key value.
void write_entries(std::ostringstream& out, const Table& table, bool bash) {
  for (const auto& [key, value] : table) {
    out << "    " << (bash ? "[" + sh_quote(key) + "]=" : sh_quote(key) + " ") << sh_quote(value)
        << "\n";
  }
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string walk(const std::string& values, const std::string& names, const std::string& words,
                 const std::string& has_previous, const std::string& previous) {
  auto text = replaced(kWalk, "VALUES", values);
  text = replaced(text, "NAMES", names);
  text = replaced(text, "HAS_PREVIOUS", has_previous);
  text = replaced(text, "PREVIOUS", previous);
  return replaced(text, "WORDS", words);
}

}  // namespace

std::string bash_completion(const CommandNode& root) {
  const auto commands = every_command(root);
  std::ostringstream out;
  out << "# bash completion for " << root.name << "                      -*- shell-script -*-\n"
      << "# Generated from its command table by `" << root.name << " completion bash`.\n"
      << "_" << root.name << "() {\n"
      << "  local -A names=(\n";
  write_entries(out, names_table(commands), true);
  Table options;
  for (const auto& [path, node] : commands) {
    std::vector<std::string> names;
    for (const auto& option : node->options) {
      names.insert(names.end(), option.names.begin(), option.names.end());
    }
    options.emplace_back(path, fmt::format("{}", fmt::join(names, " ")));
  }
  out << "  )\n  local -A options=(\n";
  write_entries(out, options, true);
  out << "  )\n  local -A values=(\n";
  write_entries(out, value_table(commands), true);
  out << "  )\n"
      << "  local cur=${COMP_WORDS[COMP_CWORD]} cmdpath=" << root.name
      << " word key spec i positional=0\n"
      << "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      << "    word=${COMP_WORDS[i]}\n"
      << walk("values", "names", "COMP_WORDS", "COMP_CWORD > 1", "COMP_CWORD - 1")
      << R"(  # "--format=" and "--format=wa": the "=" is a word of its own
  if [[ $cur == = && -n $key ]]; then
    cur=
  elif [[ -z $key && COMP_CWORD -gt 2 && ${COMP_WORDS[COMP_CWORD - 1]} == = ]]; then
    word=${COMP_WORDS[COMP_CWORD - 2]}
    [[ $word == -* && -n ${values[$cmdpath $word]+set} ]] && key="$cmdpath $word"
  fi
  if [[ -n $key ]]; then
    spec=${values[$key]}
  elif [[ $cur == -* ]]; then
    spec=${options[$cmdpath]-}
  elif ((positional == 0)) && [[ -n ${names[$cmdpath]-} ]]; then
    spec=${names[$cmdpath]}
  else
    spec=${values[$cmdpath $positional]-}
  fi
  case $spec in
    @file)
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
    @user) mapfile -t COMPREPLY < <(compgen -u -- "$cur") ;;
    *) mapfile -t COMPREPLY < <(compgen -W "$spec" -- "$cur") ;;
  esac
}
)"
      << "complete -F _" << root.name << " " << root.name << "\n";
  return out.str();
}

std::string zsh_completion(const CommandNode& root) {
  const auto commands = every_command(root);
  std::ostringstream out;
  out << "#compdef " << root.name << "\n"
      << "# zsh completion for " << root.name << ". Generated from its command table by `"
      << root.name << " completion zsh`.\n"
      << "_" << root.name << "() {\n"
      << "  local -A st_names st_commands st_options st_values\n"
      << "  st_names=(\n";
  write_entries(out, names_table(commands), false);
  // "name:description" lines, as _describe reads them.
  Table described_commands, described_options;
  for (const auto& [path, node] : commands) {
    std::vector<std::string> lines;
    for (const auto& subcommand : node->subcommands) {
      lines.push_back(subcommand.name + ":" + one_line(subcommand.help));
    }
    if (!lines.empty())
      described_commands.emplace_back(path, fmt::format("{}", fmt::join(lines, "\n")));
    lines.clear();
    for (const auto& option : node->options) {
      for (const auto& name : option.names) lines.push_back(name + ":" + one_line(option.help));
    }
    described_options.emplace_back(path, fmt::format("{}", fmt::join(lines, "\n")));
  }
  out << "  )\n  st_commands=(\n";
  write_entries(out, described_commands, false);
  out << "  )\n  st_options=(\n";
  write_entries(out, described_options, false);
  out << "  )\n  st_values=(\n";
  write_entries(out, value_table(commands), false);
  out << "  )\n"
      << "  local cmdpath=" << root.name << " word key spec i positional=0\n"
      << "  local -a described\n"
      << "  for ((i = 2; i < CURRENT; i++)); do\n"
      << "    word=${words[i]}\n"
      << walk("st_values", "st_names", "words", "CURRENT > 2", "CURRENT - 1")
      << R"(  # "--format=wa": the value after the "="
  if [[ -z $key && $PREFIX == --*=* && -n ${st_values[$cmdpath ${PREFIX%%=*}]+set} ]]; then
    key="$cmdpath ${PREFIX%%=*}"
    compset -P '*='
  fi
  if [[ -n $key ]]; then
    spec=${st_values[$key]}
  elif [[ $PREFIX == -* ]]; then
    described=("${(@f)st_options[$cmdpath]}")
    _describe -t options option described
    return
  elif ((positional == 0)) && [[ -n ${st_names[$cmdpath]-} ]]; then
    described=("${(@f)st_commands[$cmdpath]}")
    _describe -t commands command described
    return
  else
    spec=${st_values[$cmdpath $positional]-}
  fi
  case $spec in
    @file) _files ;;
    @user) _users ;;
    '') return 1 ;;
    *) compadd -- ${=spec} ;;
  esac
}
)"
      << "if [[ ${funcstack[1]-} == _" << root.name << " ]]; then\n"
      << "  _" << root.name << " \"$@\"\n"
      << "else\n"
      << "  compdef _" << root.name << " " << root.name << "\n"
      << "fi\n";
  return out.str();
}

std::string fish_completion(const CommandNode& root) {
  const auto commands = every_command(root);
  const std::string prefix = "__" + root.name;
  std::ostringstream out;
  out << "# fish completion for " << root.name << ". Generated from its command table by `"
      << root.name << " completion fish`.\n"
      << "set -g " << prefix << "_subcommand_paths";
  for (const auto& [path, node] : commands) {
    if (path != root.name) out << " " << fish_quote(path);
  }
  out << "\nset -g " << prefix << "_value_options";
  for (const auto& [path, node] : commands) {
    for (const auto& option : node->options) {
      if (option.value == ValueKind::kNone) continue;
      for (const auto& name : option.names) out << " " << fish_quote(path + " " + name);
    }
  }
  // The path of subcommands on the command line so far, then how many positionals follow it.
  out << "\nfunction " << prefix << "_state\n"
      << "    set -l words (commandline -opc)\n"
      << "    set -e words[1]\n"
      << "    set -l cmdpath " << root.name << "\n"
      << "    set -l positional 0\n"
      << "    set -l skip 0\n"
      << "    for word in $words\n"
      << "        if test $skip = 1\n"
      << "            set skip 0\n"
      << "        else if string match -q -- '-*' $word\n"
      << "            contains -- \"$cmdpath $word\" $" << prefix
      << "_value_options; and set skip 1\n"
      << "        else if test $positional = 0; and contains -- \"$cmdpath $word\" $" << prefix
      << "_subcommand_paths\n"
      << "            set cmdpath \"$cmdpath $word\"\n"
      << "        else\n"
      << "            set positional (math $positional + 1)\n"
      << "        end\n"
      << "    end\n"
      << "    echo $cmdpath\n"
      << "    echo $positional\n"
      << "end\n"
      << "function " << prefix << "_in --argument-names want\n"
      << "    set -l state (" << prefix << "_state)\n"
      << "    test \"$state[1]\" = \"$want\"\n"
      << "end\n"
      << "function " << prefix << "_next --argument-names want index\n"
      << "    set -l state (" << prefix << "_state)\n"
      << "    test \"$state[1]\" = \"$want\" -a \"$state[2]\" = \"$index\"\n"
      << "end\n"
      << "complete -c " << root.name << " -f\n";
  const auto value_arguments = [](ValueKind kind, const std::vector<std::string>& choices) {
    if (kind == ValueKind::kFile) return std::string(" -r -F");
    if (kind == ValueKind::kUser) return std::string(" -x -a '(__fish_complete_users)'");
    if (kind == ValueKind::kChoice) return " -x -a " + fish_quote(value_spec(kind, choices));
    return std::string(" -x");
  };
  for (const auto& [path, node] : commands) {
    const std::string in = " -n " + fish_quote(prefix + "_in " + fish_quote(path));
    for (const auto& subcommand : node->subcommands) {
      out << "complete -c " << root.name << " -n "
          << fish_quote(prefix + "_next " + fish_quote(path) + " 0") << " -a "
          << fish_quote(subcommand.name) << " -d " << fish_quote(one_line(subcommand.help)) << "\n";
    }
    for (const auto& option : node->options) {
      out << "complete -c " << root.name << in;
      for (const auto& name : option.names) {
        out << (name.rfind("--", 0) == 0 ? " -l " + name.substr(2) : " -s " + name.substr(1));
      }
      if (option.value != ValueKind::kNone) out << value_arguments(option.value, option.choices);
      out << " -d " << fish_quote(one_line(option.help)) << "\n";
    }
    for (std::size_t i = 0; i < node->positionals.size(); ++i) {
      const auto& positional = node->positionals[i];
      if (positional.value == ValueKind::kText) continue;
      out << "complete -c " << root.name << " -n "
          << fish_quote(prefix + "_next " + fish_quote(path) + " " + std::to_string(i));
      if (positional.value == ValueKind::kFile) {
        out << " -F";
      } else if (positional.value == ValueKind::kUser) {
        out << " -a '(__fish_complete_users)'";
      } else {
        out << " -a " << fish_quote(value_spec(positional.value, positional.choices));
      }
      out << " -d " << fish_quote(one_line(positional.help)) << "\n";
    }
  }
  return out.str();
}

namespace {

const char* kind_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNone:
      return "none";
    case ValueKind::kText:
      return "text";
    case ValueKind::kChoice:
      return "choice";
    case ValueKind::kFile:
      return "file";
    case ValueKind::kUser:
      return "user";
  }
  return "text";
}

nlohmann::json node_json(const CommandNode& node) {
  nlohmann::json json = {{"name", node.name},
                         {"help", node.help},
                         {"options", nlohmann::json::array()},
                         {"positionals", nlohmann::json::array()},
                         {"subcommands", nlohmann::json::array()}};
  for (const auto& option : node.options) {
    json["options"].push_back({{"names", option.names},
                               {"value", kind_name(option.value)},
                               {"choices", option.choices},
                               {"help", option.help}});
  }
  for (const auto& positional : node.positionals) {
    json["positionals"].push_back({{"name", positional.name},
                                   {"value", kind_name(positional.value)},
                                   {"choices", positional.choices},
                                   {"required", positional.required},
                                   {"help", positional.help}});
  }
  for (const auto& subcommand : node.subcommands)
    json["subcommands"].push_back(node_json(subcommand));
  return json;
}

}  // namespace

std::string command_tree_json(const CommandNode& root) { return node_json(root).dump(2) + "\n"; }

}  // namespace screentime::client
