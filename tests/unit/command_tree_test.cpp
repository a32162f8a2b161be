// The command table as the completions read it from a CLI11 definition: subcommands, flags
// and options, choices from a set, files and login names from the type name, hidden options
// left out; and the scripts name every command and choice.
#include "client/completion/command_tree.hpp"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include "client/completion/completion_scripts.hpp"

namespace screentime::client {
namespace {

struct Sample {
  Sample() {
    app.add_option("--socket", text)->type_name("FILE");
    auto* status = app.add_subcommand("status", "the state");
    status->add_flag("-j,--json", flag, "as JSON");
    status->add_option("--format", text, "for a bar")->check(CLI::IsMember({"waybar", "plain"}));
    auto* limits = app.add_subcommand("limits", "limits");
    auto* set = limits->add_subcommand("set", "change one");
    set->add_option("user", text, "who")->type_name("USER")->required();
    set->add_option("key", text, "which")->check(CLI::IsMember({"daily", "weekly"}));
    set->add_option("--secret", text, "hidden")->group("");
  }
  CLI::App app{"sample", "sample"};
  std::string text;
  bool flag = false;
};

TEST(CommandTree, ReadsCommandsOptionsAndWhatTheirValuesAre) {
  Sample sample;
  const auto root = command_tree(sample.app);
  EXPECT_EQ(root.name, "sample");
  ASSERT_EQ(root.subcommands.size(), 2u);
  const auto& status = root.subcommands[0];
  EXPECT_EQ(status.name, "status");
  EXPECT_EQ(status.help, "the state");
  ASSERT_EQ(status.options.size(), 3u);  // --help, --json, --format
  EXPECT_EQ(status.options[1].names, (std::vector<std::string>{"-j", "--json"}));
  EXPECT_EQ(status.options[1].value, ValueKind::kNone);
  EXPECT_EQ(status.options[2].value, ValueKind::kChoice);
  EXPECT_EQ(status.options[2].choices, (std::vector<std::string>{"waybar", "plain"}));
  EXPECT_EQ(root.options.back().value, ValueKind::kFile);

  const auto& set = root.subcommands[1].subcommands.at(0);
  EXPECT_EQ(set.name, "set");
  ASSERT_EQ(set.positionals.size(), 2u);
  EXPECT_EQ(set.positionals[0].name, "user");
  EXPECT_EQ(set.positionals[0].value, ValueKind::kUser);
  EXPECT_TRUE(set.positionals[0].required);
  EXPECT_EQ(set.positionals[1].choices, (std::vector<std::string>{"daily", "weekly"}));
  for (const auto& option : set.options) {
    EXPECT_NE(option.names.back(), "--secret");
  }
}

TEST(CommandTree, EveryScriptNamesEveryCommandAndChoice) {
  Sample sample;
  const auto root = command_tree(sample.app);
  for (const auto& script : {bash_completion(root), zsh_completion(root), fish_completion(root),
                             command_tree_json(root)}) {
    for (const char* word : {"status", "limits", "set", "waybar", "plain", "daily", "weekly"}) {
      EXPECT_NE(script.find(word), std::string::npos) << word << " in:\n" << script;
    }
    EXPECT_EQ(script.find("--secret"), std::string::npos) << script;
  }
}

}  // namespace
}  // namespace screentime::client
