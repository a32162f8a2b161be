// HelperLauncher: where a notification helper finds the user's desktop.

#include "daemon/adapters/notify/helper_launcher.hpp"

#include <gtest/gtest.h>

namespace screentime::adapters {
namespace {

// Where the notification goes: the user's own session bus.
TEST(HelperLauncher, TheUserBusTemplateNamesTheUsersBus) {
  EXPECT_EQ(user_bus_address("unix:path=/run/user/%U/bus", 1001), "unix:path=/run/user/1001/bus");
  EXPECT_EQ(user_bus_address("unix:path=/tmp/100%%/%U%", 7), "unix:path=/tmp/100%/7%");
}

}  // namespace
}  // namespace screentime::adapters
