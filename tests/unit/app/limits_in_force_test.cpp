// LimitsInForce: the file's limits, else the last good copy, never none.

#include "daemon/app/limits_in_force.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>

namespace screentime::app {
namespace {

using namespace std::chrono_literals;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "screentime-lif-XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
    path_ = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

constexpr const char* kGood = "[user.\"1001\"]\ndaily = \"2h\"\n";
constexpr const char* kBroken = "[user.\"1001\"]\ndaily = \"2 hours\"\n";

TEST(LimitsInForce, TheFileWhenGoodAndAKeptCopyWhenItBreaks) {
  TempDir dir;
  const auto file = dir.path() / "limits.toml";
  write(file, kGood);
  LimitsInForce limits(file, dir.path());
  limits.load_at_start();
  EXPECT_EQ(limits.in_force(), "file");
  ASSERT_EQ(limits.users().count(1001), 1u);
  EXPECT_EQ(limits.users().at(1001).days[0].daily, 2h);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "limits.last-good.toml"));
  EXPECT_EQ(std::filesystem::status(dir.path() / "limits.last-good.toml").permissions() &
                std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  write(file, kBroken);
  EXPECT_FALSE(limits.reload());
  EXPECT_EQ(limits.in_force(), "last-good");
  ASSERT_EQ(limits.errors().size(), 1u);
  EXPECT_EQ(limits.errors()[0].line, 2);
  EXPECT_EQ(limits.users().at(1001).days[0].daily, 2h);  // still in force

  LimitsInForce restarted(file, dir.path());  // a restart while the file is broken
  restarted.load_at_start();
  EXPECT_EQ(restarted.in_force(), "last-good");
  EXPECT_EQ(restarted.users().at(1001).days[0].daily, 2h);
}

TEST(LimitsInForce, AFirstStartWithABrokenFileRefusesToRun) {
  TempDir dir;
  const auto file = dir.path() / "limits.toml";
  write(file, kBroken);
  LimitsInForce limits(file, dir.path());
  try {
    limits.load_at_start();
    FAIL() << "started without limits";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("refusing to run without limits"), std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("limits.toml:2:"), std::string::npos) << error.what();
  }
}

TEST(LimitsInForce, UsersByLoginNameOrUidAndUnknownNamesLeftOut) {
  TempDir dir;
  const auto file = dir.path() / "limits.toml";
  write(file,
        "[user.root]\ndaily = \"1h\"\n[user.\"4242\"]\ndaily = \"2h\"\n"
        "[user.nosuchuser_st]\ndaily = \"3h\"\n");
  LimitsInForce limits(file, dir.path());
  limits.load_at_start();
  const auto users = limits.users();
  EXPECT_EQ(users.size(), 2u);
  EXPECT_EQ(users.at(0).days[0].daily, 1h);
  EXPECT_EQ(users.at(4242).days[0].daily, 2h);
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

ino_t inode_of(const std::filesystem::path& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) throw std::runtime_error("stat " + path.string());
  return info.st_ino;
}

// `limited-users` is replaced (a new file, fsynced) only when the list changes: a reload that
// leaves it as it was, or a restart with the same users, leaves the file alone.
TEST(LimitsInForce, TheLimitedUsersFileIsWrittenOnlyWhenTheListChanges) {
  TempDir dir;
  const auto listed = dir.path() / "limited-users";
  const std::map<core::UserId, core::UserLimits> one = {{1001, {}}};
  const std::map<core::UserId, core::UserLimits> two = {{1001, {}}, {1002, {}}};
  LimitsInForce limits(dir.path() / "limits.toml", dir.path());
  limits.record_limited_users(one);
  ASSERT_EQ(read(listed), "1001\n");

  // A replacement is a new inode while the old one still exists (a freed one may come back
  // later, so each call is compared with the file just before it).
  ino_t before = inode_of(listed);
  limits.record_limited_users(one);
  EXPECT_EQ(inode_of(listed), before) << "rewritten though the list did not change";
  before = inode_of(listed);
  LimitsInForce restarted(dir.path() / "limits.toml", dir.path());
  restarted.record_limited_users(one);
  EXPECT_EQ(inode_of(listed), before) << "rewritten at a restart with the same users";

  restarted.record_limited_users(two);
  EXPECT_EQ(read(listed), "1001\n1002\n");
  EXPECT_EQ(std::filesystem::status(listed).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  restarted.record_limited_users({});
  EXPECT_EQ(read(listed), "");
}

TEST(LimitsInForce, SettingAKeyWritesTheFileKeepingItsModeAndTakesIt) {
  TempDir dir;
  const auto file = dir.path() / "limits.toml";
  write(file, std::string("# kept\n") + kGood);
  std::filesystem::permissions(file, std::filesystem::perms(0644));
  LimitsInForce limits(file, dir.path());
  limits.load_at_start();
  EXPECT_TRUE(limits.set_user_key("1001", "daily", "\"3h\"").empty());
  EXPECT_EQ(limits.users().at(1001).days[0].daily, 3h) << "taken at once";
  EXPECT_EQ(read(file), "# kept\n[user.\"1001\"]\ndaily = \"3h\"\n");
  EXPECT_EQ(std::filesystem::status(file).permissions(), std::filesystem::perms(0644));
  // A result that would not read is refused, saying where, and nothing is written.
  const auto errors = limits.set_user_key("1001", "daily", "\"3 hours\"");
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors.front().line, 3);
  EXPECT_EQ(read(file), "# kept\n[user.\"1001\"]\ndaily = \"3h\"\n");
  EXPECT_EQ(limits.users().at(1001).days[0].daily, 3h);
}

TEST(LimitsInForce, SettingAKeyWithoutAFileStartsOne) {
  TempDir dir;
  const auto file = dir.path() / "limits.toml";
  write(file, kGood);
  LimitsInForce limits(file, dir.path());
  limits.load_at_start();
  std::filesystem::remove(file);
  EXPECT_TRUE(limits.set_user_key("alice", "daily", "\"1h\"").empty());
  EXPECT_EQ(read(file), "[user.alice]\ndaily = \"1h\"\n");
}

}  // namespace
}  // namespace screentime::app
