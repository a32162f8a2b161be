// resolve_user_environment: the XDG rules applied to what main read from the environment.

#include "daemon/app/user_environment.hpp"

#include <gtest/gtest.h>

namespace screentime::app {
namespace {

using Path = std::optional<std::filesystem::path>;

EnvironmentVariables variables(std::string home, std::string config, std::string data,
                               std::string state) {
  EnvironmentVariables found;
  found.home = std::move(home);
  found.xdg_config_home = std::move(config);
  found.xdg_data_home = std::move(data);
  found.xdg_state_home = std::move(state);
  return found;
}

TEST(UserEnvironment, FoldersFollowTheXdgRules) {
  struct Case {
    const char* name;
    EnvironmentVariables found;
    Path account_home;
    Path config, data, state;
  };
  const Case cases[] = {
      {"each XDG variable wins", variables("/home/kim", "/cfg", "/data", "/state"), "/passwd/kim",
       "/cfg", "/data", "/state"},
      {"unset: under $HOME", variables("/home/kim", "", "", ""), "/passwd/kim", "/home/kim/.config",
       "/home/kim/.local/share", "/home/kim/.local/state"},
      {"relative XDG values are ignored", variables("/home/kim", "cfg", "data", "state"),
       std::nullopt, "/home/kim/.config", "/home/kim/.local/share", "/home/kim/.local/state"},
      {"no $HOME: the passwd entry's home", variables("", "", "", ""), "/passwd/kim",
       "/passwd/kim/.config", "/passwd/kim/.local/share", "/passwd/kim/.local/state"},
      {"a relative $HOME is no home", variables("home/kim", "", "", ""), "/passwd/kim",
       "/passwd/kim/.config", "/passwd/kim/.local/share", "/passwd/kim/.local/state"},
      {"no home at all: only what XDG names", variables("", "", "", "/state"), std::nullopt,
       std::nullopt, std::nullopt, "/state"},
  };
  for (const Case& each : cases) {
    const auto resolved = resolve_user_environment(each.found, each.account_home);
    EXPECT_EQ(resolved.config_home, each.config) << each.name;
    EXPECT_EQ(resolved.data_home, each.data) << each.name;
    EXPECT_EQ(resolved.state_home, each.state) << each.name;
  }
}

TEST(UserEnvironment, DisplaysSessionAndLanguagesAreWhatMainRead) {
  EnvironmentVariables found = variables("/home/kim", "", "", "");
  found.display = ":1";
  found.wayland_display = "wayland-0";
  found.xdg_runtime_dir = "/run/user/1000";
  found.xdg_session_id = "3";
  found.locale = {"", "", "", "sv_SE.UTF-8"};
  const auto resolved = resolve_user_environment(found, std::nullopt);
  EXPECT_EQ(resolved.session.x11_display, ":1");
  EXPECT_EQ(resolved.session.wayland_display, "wayland-0");
  EXPECT_EQ(resolved.runtime_dir, "/run/user/1000");
  EXPECT_EQ(resolved.session_id, "3");
  EXPECT_EQ(resolved.languages, (std::vector<std::string>{"sv", "en"}));
}

TEST(UserEnvironment, ResourceCatalogsAreLookedForFirstWhereMainSaysThenInTheDataFolder) {
  EnvironmentVariables found = variables("/home/kim", "", "", "");
  found.resources_dir = "/tmp/catalogs";
  const auto resolved = resolve_user_environment(found, std::nullopt);
  ASSERT_GE(resolved.resource_dirs.size(), 3u);
  EXPECT_EQ(resolved.resource_dirs[0], "/tmp/catalogs");
  EXPECT_EQ(resolved.resource_dirs[1], "/home/kim/.local/share/screentime/resources");

  found.resources_dir.clear();
  EXPECT_EQ(resolve_user_environment(found, std::nullopt).resource_dirs.front(),
            "/home/kim/.local/share/screentime/resources");
}

}  // namespace
}  // namespace screentime::app
