// Files that are not config files: a device, a FIFO, a huge file, a huge value, thousands of
// unknown keys. Each is a clear, bounded error at once; nothing blocks, nothing grows.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "daemon/adapters/config/config_loader.hpp"
#include "daemon/adapters/config/limits_loader.hpp"
#include "daemon/adapters/config/resource_catalog_loader.hpp"

namespace screentime::adapters {
namespace {

namespace fs = std::filesystem;

class ConfigFiles : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }

  fs::path dir = fs::temp_directory_path() / ("config-files-" + std::to_string(::getpid()));
};

std::string first_error(const ConfigLoad& load) {
  return load.errors.empty() ? std::string() : load.errors.front().to_string();
}

TEST_F(ConfigFiles, ASymlinkToADeviceIsRefusedUnread) {
  fs::create_symlink("/dev/zero", dir / "config.toml");
  fs::create_symlink("/dev/zero", dir / "en.toml");
  // Before: /dev/zero was read whole (1 GB, 5 s).
  EXPECT_NE(first_error(load_config_file(dir / "config.toml")).find("not a regular file"),
            std::string::npos);
  const auto catalog = load_resource_catalog(dir / "en.toml");
  ASSERT_FALSE(catalog.errors.empty());
  EXPECT_NE(catalog.errors.front().message.find("not a regular file"), std::string::npos);
}

TEST_F(ConfigFiles, AFifoWithNoWriterIsRefusedAtOnce) {
  ASSERT_EQ(::mkfifo((dir / "config.toml").c_str(), 0600), 0);
  // Before: the read waited for a writer for ever. Run it aside, so a hang fails the test
  // rather than hanging it (the thread is then left behind on purpose).
  auto load = std::make_shared<std::packaged_task<ConfigLoad()>>(
      [path = dir / "config.toml"] { return load_config_file(path); });
  auto result = load->get_future();
  std::thread([load] { (*load)(); }).detach();
  ASSERT_EQ(result.wait_for(std::chrono::seconds{5}), std::future_status::ready)
      << "reading a FIFO blocked";
  EXPECT_NE(first_error(result.get()).find("not a regular file"), std::string::npos);
}

TEST_F(ConfigFiles, AFileOverOneMebibyteIsRefusedUnread) {
  std::ofstream(dir / "config.toml") << "[general]\n";
  fs::resize_file(dir / "config.toml", 2 << 20);  // sparse: 2 MiB of nothing to read
  EXPECT_NE(first_error(load_config_file(dir / "config.toml")).find("larger than 1 MiB"),
            std::string::npos);
}

TEST_F(ConfigFiles, AHugeValueIsQuotedCut) {
  const std::string value(100 * 1024, 'z');
  const auto load = parse_config("[history]\ncheckpoint_interval = \"" + value + "\"\n", "c");
  ASSERT_EQ(load.errors.size(), 1u);
  const std::string message = load.errors.front().message;
  EXPECT_LT(message.size(), 250u);  // before: the whole 100 KiB, echoed
  EXPECT_TRUE(message.ends_with("…")) << message;
  EXPECT_NE(message.find("history.checkpoint_interval: expected"), std::string::npos);
}

TEST_F(ConfigFiles, ACutNeverSplitsACharacter) {
  std::string value;
  for (int i = 0; i < 300; ++i) value += "å";
  const auto load = parse_config("[activity]\nsource = \"" + value + "\"\n", "c");
  ASSERT_EQ(load.errors.size(), 1u);
  const std::string& message = load.errors.front().message;
  // Valid UTF-8 up to the ellipsis: every "å" whole.
  const std::string before = message.substr(0, message.size() - std::string("…").size());
  const auto quote = before.find('"');
  ASSERT_NE(quote, std::string::npos);
  EXPECT_EQ((before.size() - quote - 1) % std::string("å").size(), 0u) << message;
}

TEST_F(ConfigFiles, ThousandsOfUnknownKeysAreCountedNotListed) {
  std::string text = "[general]\n";
  for (int i = 0; i < 5000; ++i) text += "unknown_" + std::to_string(i) + " = 1\n";
  const auto config = parse_config(text, "c");
  ASSERT_EQ(config.warnings.size(), 51u);  // before: 5000
  EXPECT_EQ(config.warnings.back().message, "… and 4950 more warnings");
  EXPECT_EQ(config.warnings.front().line, 2);
  const auto limits = parse_limits(text, "l");
  ASSERT_EQ(limits.warnings.size(), 51u);
  EXPECT_EQ(limits.warnings.back().message, "… and 4950 more warnings");
}

}  // namespace
}  // namespace screentime::adapters
