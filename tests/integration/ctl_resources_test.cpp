// screentimectl resources, answered by the real screentimed: the catalog comes in the client's
// language, whatever the daemon's own, and the client reads no catalog file itself. No desktop
// needed.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tests/integration/command_runner.hpp"
#include "tests/integration/daemon_process.hpp"
#include "tests/integration/temp_dir.hpp"

namespace screentime::testing {
namespace {

namespace fs = std::filesystem;

class CtlResources : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directory(dir / "run");
    ::chmod((dir / "run").c_str(), 0700);
    // gettext ignores LANGUAGE in the C locale: Swedish needs sv_SE to exist. It is generated
    // here, found through LOCPATH. localedef exits 1 when it only warned.
    run_command({"localedef", "-i", "sv_SE", "-f", "UTF-8", (dir / "sv_SE.UTF-8").string()});
    ASSERT_TRUE(fs::exists(dir / "sv_SE.UTF-8" / "LC_MESSAGES"))
        << "localedef failed: is the locales package installed?";
  }

  std::map<std::string, std::string> environment(const std::string& language,
                                                 const std::string& locale) const {
    return {{"HOME", dir.string()},
            {"PATH", "/usr/bin:/bin"},
            {"XDG_RUNTIME_DIR", (dir / "run").string()},
            {"LOCPATH", dir.string()},
            {"LANGUAGE", language},
            {"LANG", locale},
            {"SCREENTIME_LOCALEDIR", SCREENTIME_BUILD_LOCALEDIR},
            {"SCREENTIME_RESOURCES_DIR", SCREENTIME_SOURCE_DIR "/config/resources"}};
  }

  std::vector<std::string> daemon_arguments() const {
    return {SCREENTIMED,
            "--config",
            SCREENTIME_DEFAULT_CONFIG,
            "--database",
            (dir / "history.db").string(),
            "--socket",
            socket().string(),
            "--no-notifications"};
  }

  fs::path socket() const { return dir / "run" / "control.sock"; }

  // screentimectl in Swedish, against the daemon.
  CommandResult swedish_ctl(std::vector<std::string> arguments) const {
    std::vector<std::string> command = {"env", "-i"};
    for (const auto& [name, value] : environment("sv", "sv_SE.UTF-8")) {
      command.push_back(name + "=" + value);
    }
    command.push_back(SCREENTIMECTL);
    command.push_back("--socket");
    command.push_back(socket().string());
    command.insert(command.end(), arguments.begin(), arguments.end());
    return run_command(command);
  }

  TempDir dir{"screentime-ctl-resources"};
};

TEST_F(CtlResources, ComeInTheClientsLanguageFromAnEnglishDaemon) {
  DaemonProcess daemon(daemon_arguments(), environment("en", "C.UTF-8"));
  ASSERT_TRUE(daemon.wait_for_log("started")) << daemon.log();

  const auto listing = swedish_ctl({"resources"});
  EXPECT_EQ(listing.exit_status, 0) << listing.err;
  EXPECT_NE(listing.out.find("Om du eller någon i din närhet har det svårt\n  BRIS"),
            std::string::npos)
      << listing.out;
  EXPECT_NE(listing.out.find("116 111"), std::string::npos);
  EXPECT_NE(listing.out.find("https://mind.se"), std::string::npos);
  EXPECT_NE(listing.out.find("Välmående\n  1177 Vårdguiden"), std::string::npos) << listing.out;

  const auto wellbeing = swedish_ctl({"resources", "--category", "wellbeing", "--json"});
  EXPECT_EQ(wellbeing.exit_status, 0) << wellbeing.err;
  EXPECT_NE(wellbeing.out.find("\"language\":\"sv\""), std::string::npos) << wellbeing.out;
  EXPECT_NE(wellbeing.out.find("https://www.1177.se"), std::string::npos);
  EXPECT_EQ(wellbeing.out.find("\"category\":\"support\""), std::string::npos);
}

TEST_F(CtlResources, WithoutTheDaemonSayItIsNotRunning) {
  EXPECT_EQ(swedish_ctl({"resources"}).exit_status, 3);
}

// Run from the build tree with nothing installed and no SCREENTIME_LOCALEDIR, as the README's
// `run` does: the build tree's own catalogs speak Swedish.
TEST_F(CtlResources, FromTheBuildTreeTheTextIsTranslatedWithNothingInstalled) {
  std::vector<std::string> command = {"env", "-i"};
  for (const auto& [name, value] : environment("sv", "sv_SE.UTF-8")) {
    if (name != "SCREENTIME_LOCALEDIR") command.push_back(name + "=" + value);
  }
  command.insert(command.end(), {SCREENTIMECTL, "--socket", socket().string(), "status"});
  const auto result = run_command(command);
  EXPECT_EQ(result.exit_status, 3);
  EXPECT_NE(result.err.find("screentimed körs inte"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace screentime::testing
