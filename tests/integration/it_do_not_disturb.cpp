// DoNotDisturbWatch, the real thing, in an io_context on the session bus of a private desktop
// session: against the session's real dunst (dunstctl set-paused, server restarts), and against
// stand-ins for KDE Plasma's server and for a server with neither property, which the test
// serves itself while dunst is stopped. Changes must arrive within a second, with no polling.

#include <gtest/gtest.h>
#include <systemd/sd-bus.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "daemon/adapters/dbus/sd_bus_connection.hpp"
#include "daemon/adapters/dbus/sd_bus_ptr.hpp"
#include "daemon/adapters/desktop/do_not_disturb_watch.hpp"
#include "tests/integration/command_runner.hpp"

namespace screentime::adapters {
namespace {

using namespace std::chrono_literals;
using screentime::testing::run_shell;

constexpr std::string_view kCannotRead = "cannot read the notification server's do-not-disturb";
constexpr const char* kName = "org.freedesktop.Notifications";
constexpr const char* kPath = "/org/freedesktop/Notifications";

void check(int result) {
  if (result < 0) throw std::system_error(-result, std::generic_category(), "fake server");
}

// A notification server owning org.freedesktop.Notifications on its own connection in the
// test's loop. With `inhibited_property`, it has KDE Plasma's `Inhibited`; without, neither
// that nor dunst's `paused` (like most other servers).
class FakeServer {
 public:
  FakeServer(boost::asio::io_context& io, bool inhibited_property)
      : bus_(io, SdBusConnection::Bus::kSession, [](std::string_view) {}),
        has_inhibited_(inhibited_property) {
    sd_bus_slot* slot = nullptr;
    check(sd_bus_add_object(bus_.get(), &slot, kPath, &FakeServer::dispatch, this));
    object_.reset(slot);
    check(sd_bus_request_name(bus_.get(), kName, 0));
    bus_.kick();
  }

  // Changes Inhibited and says so as KDE does, with the value, or only that it changed.
  void set_inhibited(bool inhibited, bool with_value = true) {
    inhibited_ = inhibited;
    sd_bus_message* signal = nullptr;
    check(sd_bus_message_new_signal(bus_.get(), &signal, kPath, "org.freedesktop.DBus.Properties",
                                    "PropertiesChanged"));
    const SdBusMessagePtr owned(signal);
    if (with_value) {
      check(sd_bus_message_append(signal, "sa{sv}as", kName, 1, "Inhibited", "b", inhibited, 0));
    } else {
      check(sd_bus_message_append(signal, "sa{sv}as", kName, 0, 1, "Inhibited"));
    }
    check(sd_bus_send(bus_.get(), signal, nullptr));
    bus_.kick();
  }

 private:
  static int dispatch(sd_bus_message* call, void* userdata, sd_bus_error* /*error*/) {
    return static_cast<FakeServer*>(userdata)->answer(*call);
  }

  int answer(sd_bus_message& call) {
    if (sd_bus_message_is_method_call(&call, "org.freedesktop.DBus.Properties", "Get") <= 0) {
      return 0;
    }
    const char* interface = nullptr;
    const char* property = nullptr;
    check(sd_bus_message_read(&call, "ss", &interface, &property));
    if (has_inhibited_ && std::string_view(interface) == kName &&
        std::string_view(property) == "Inhibited") {
      return sd_bus_reply_method_return(&call, "v", "b", inhibited_);
    }
    return sd_bus_reply_method_errorf(&call, SD_BUS_ERROR_UNKNOWN_PROPERTY, "no %s.%s", interface,
                                      property);
  }

  SdBusConnection bus_;
  SdBusSlotPtr object_;
  bool has_inhibited_;
  int inhibited_ = 0;
};

class DoNotDisturbTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(run_shell("dunstctl set-paused false")); }

  void TearDown() override {
    if (dunst_stopped_) {
      fake_.reset();
      watch_.reset();
      EXPECT_TRUE(run_shell("testenv-notifications start-server"));
    }
  }

  void start_watch() {
    watch_ = std::make_unique<DoNotDisturbWatch>(bus_, [this](bool on) { changes_.push_back(on); });
  }

  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = 1s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= until) return false;
      io_.run_one_for(20ms);
    }
    return true;
  }
  bool described_as(std::string_view what) {
    return run_until([&] { return watch_->describe() == what; });
  }
  // The changes reported reach `expected` within a second of the action that caused them.
  bool changes_become(const std::vector<bool>& expected) {
    return run_until([&] { return changes_ == expected; });
  }

  void stop_dunst() {
    ASSERT_TRUE(run_shell("testenv-notifications stop-server"));
    dunst_stopped_ = true;
  }

  boost::asio::io_context io_;
  SdBusConnection bus_{io_, SdBusConnection::Bus::kSession, [](std::string_view) {}};
  std::unique_ptr<DoNotDisturbWatch> watch_;
  std::unique_ptr<FakeServer> fake_;
  std::vector<bool> changes_;
  bool dunst_stopped_ = false;
};

TEST_F(DoNotDisturbTest, ReadsDunstPausedAtStart) {
  ASSERT_TRUE(run_shell("dunstctl set-paused true"));
  start_watch();
  EXPECT_TRUE(changes_become({true}));
  EXPECT_EQ(watch_->describe(), "dunst paused");
  EXPECT_TRUE(watch_->on());
}

TEST_F(DoNotDisturbTest, FollowsDunstPausedWithinASecondAndReportsChangesOnly) {
  start_watch();
  ASSERT_TRUE(described_as("dunst paused"));
  EXPECT_TRUE(changes_.empty()) << "off at start is no change";

  ASSERT_TRUE(run_shell("dunstctl set-paused true"));
  EXPECT_TRUE(changes_become({true}));
  ASSERT_TRUE(run_shell("dunstctl set-paused true"));  // dunst signals again; no change
  ASSERT_TRUE(run_shell("dunstctl set-paused false"));
  EXPECT_TRUE(changes_become({true, false}));
  ASSERT_TRUE(run_shell("dunstctl set-paused true"));
  EXPECT_TRUE(changes_become({true, false, true}));
}

TEST_F(DoNotDisturbTest, ReadsAgainAfterTheServerRestarts) {
  start_watch();
  ASSERT_TRUE(described_as("dunst paused"));
  ASSERT_TRUE(run_shell("dunstctl set-paused true"));
  ASSERT_TRUE(changes_become({true}));

  stop_dunst();
  EXPECT_TRUE(changes_become({true, false})) << "no server, no do-not-disturb";
  EXPECT_EQ(watch_->describe(), kCannotRead);

  ASSERT_TRUE(run_shell("testenv-notifications start-server"));
  dunst_stopped_ = false;
  EXPECT_TRUE(described_as("dunst paused")) << "the new server was asked";
  EXPECT_FALSE(watch_->on());
  ASSERT_TRUE(run_shell("dunstctl set-paused true"));
  EXPECT_TRUE(changes_become({true, false, true}));
}

TEST_F(DoNotDisturbTest, StartsWithoutAServerAndReadsItWhenItArrives) {
  stop_dunst();
  start_watch();
  run_until([] { return false; }, 300ms);  // the answer: nobody there
  EXPECT_EQ(watch_->describe(), kCannotRead);

  ASSERT_TRUE(run_shell("testenv-notifications start-server"));
  dunst_stopped_ = false;
  EXPECT_TRUE(described_as("dunst paused"));
  EXPECT_TRUE(changes_.empty());
}

TEST_F(DoNotDisturbTest, FollowsKdeInhibitedWithOrWithoutTheValue) {
  stop_dunst();
  fake_ = std::make_unique<FakeServer>(io_, true);
  start_watch();
  ASSERT_TRUE(described_as("KDE Inhibited"));
  EXPECT_TRUE(changes_.empty());

  fake_->set_inhibited(true);
  EXPECT_TRUE(changes_become({true}));
  fake_->set_inhibited(false, false);  // "changed", then the watch asks
  EXPECT_TRUE(changes_become({true, false}));
}

TEST_F(DoNotDisturbTest, AServerWithNeitherPropertyCannotBeRead) {
  stop_dunst();
  fake_ = std::make_unique<FakeServer>(io_, false);
  start_watch();
  run_until([] { return false; }, 300ms);  // both answers: no such property
  EXPECT_EQ(watch_->describe(), kCannotRead);
  EXPECT_FALSE(watch_->on());
  EXPECT_TRUE(changes_.empty());
}

}  // namespace
}  // namespace screentime::adapters
