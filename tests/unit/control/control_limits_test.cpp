// The limits hold against clients that send too much, connect too often, say nothing or read
// nothing, and the clients that behave keep being served meanwhile: no crowd locks them out.

#include <gtest/gtest.h>

#include <memory>

#include "tests/unit/control/control_test_support.hpp"

namespace screentime::adapters::testing {
namespace {

using Lines = std::vector<std::string>;

// One well-behaved client: it gets its echo.
bool served(Harness& harness, TestClient& client, const std::string& line) {
  const std::size_t before = client.lines().size();
  client.write(line + "\n");
  return harness.run_until([&] { return client.lines().size() == before + 1; }) &&
         client.lines().back() == line;
}

TEST(ControlLimits, LineAtTheLimitIsTakenOneByteMoreIsRefused) {
  ControlLimits limits;
  limits.max_line_length = 1000;
  Harness harness(limits);
  TestClient fits(harness.io, harness.socket());
  TestClient over(harness.io, harness.socket());
  fits.write(std::string(1000, 'a') + "\n");
  over.write(std::string(1001, 'a') + "\n");

  ASSERT_TRUE(harness.run_until([&] { return fits.lines().size() == 2 && over.closed(); }));
  EXPECT_EQ(fits.lines()[1], std::string(1000, 'a'));
  EXPECT_EQ(over.lines(), (Lines{"hello", "refused: line too long"}));
}

TEST(ControlLimits, TenMegabyteLineIsRefusedAndClosedOthersUnaffected) {
  Harness harness;  // the default 64 KiB limit
  TestClient other(harness.io, harness.socket());
  TestClient flooder(harness.io, harness.socket());
  ASSERT_TRUE(harness.run_until([&] { return flooder.lines().size() == 1; }));
  flooder.write_async(std::string(10'000'000, 'z'));

  ASSERT_TRUE(harness.run_until([&] { return flooder.closed(); }));
  EXPECT_EQ(flooder.lines(), (Lines{"hello", "refused: line too long"}));
  ASSERT_TRUE(harness.run_until([&] { return flooder.write_failed(); }));
  ASSERT_TRUE(harness.run_until([&] { return harness.disconnected(1); }));
  EXPECT_TRUE(harness.handler.lines.empty());
  EXPECT_TRUE(served(harness, other, "still served"));
}

bool greeted(const std::vector<std::unique_ptr<TestClient>>& clients) {
  for (const auto& client : clients) {
    if (client->lines().empty()) return false;
  }
  return true;
}

TEST(ControlLimits, TwoHundredSilentClientsNeverLockOutANewcomer) {
  Harness harness;  // 64 places, 32 per uid: every client here has the test's uid
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < 200; ++i) {
    clients.push_back(std::make_unique<TestClient>(harness.io, harness.socket()));
  }
  ASSERT_TRUE(harness.run_until([&] { return greeted(clients); }));  // every one was taken

  // Each newcomer closed the oldest silent one: the newest 32 are left.
  EXPECT_EQ(harness.server.client_count(), 32u);
  for (std::size_t i = 0; i < clients.size(); ++i) {
    SCOPED_TRACE("client " + std::to_string(i));
    EXPECT_EQ(clients[i]->lines().front(), "hello");
    if (i < 168) {
      EXPECT_TRUE(harness.run_until([&] { return clients[i]->closed(); }));
      const auto lines = clients[i]->lines();  // the refusal is sent when it can be at once
      if (lines.size() > 1) {
        EXPECT_EQ(lines[1], "refused: too many clients");
      }
    } else {
      EXPECT_TRUE(served(harness, *clients[i], "ping " + std::to_string(i)));
    }
  }
  TestClient late(harness.io, harness.socket());
  ASSERT_TRUE(harness.run_until([&] { return !late.lines().empty(); }));
  EXPECT_TRUE(served(harness, late, "late"));
}

TEST(ControlLimits, FullTableClosesUnservedFirstThenServedSubscribersLast) {
  ControlLimits limits;
  limits.max_clients = 4;
  Harness harness(limits);
  std::vector<std::unique_ptr<TestClient>> clients;
  const auto connect = [&] {
    clients.push_back(std::make_unique<TestClient>(harness.io, harness.socket()));
    return harness.run_until([&] { return greeted(clients); });
  };
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(connect());
  clients[0]->write("!subscribe\n");                 // 0: subscribed, silent since
  ASSERT_TRUE(served(harness, *clients[1], "one"));  // 1: served, then silent
  ASSERT_TRUE(harness.run_until([&] { return clients[0]->lines().size() == 2; }));

  // 2 and 3 never sent a request: they go first, the older first, then newcomer 4.
  const std::vector<std::pair<std::size_t, std::size_t>> evictions{{4, 2}, {5, 3}, {6, 4}};
  for (const auto& [newcomer, victim] : evictions) {
    SCOPED_TRACE("newcomer " + std::to_string(newcomer));
    ASSERT_TRUE(connect());
    ASSERT_TRUE(harness.run_until([&] { return harness.disconnected(victim); }));
    EXPECT_EQ(harness.server.client_count(), 4u);
  }
  // Now all are served but the newest (6): when it has spoken too, the served client silent
  // the longest (1) goes before the subscriber (0), although 0 has been silent longer.
  ASSERT_TRUE(served(harness, *clients[5], "five"));
  ASSERT_TRUE(served(harness, *clients[6], "six"));
  ASSERT_TRUE(connect());
  ASSERT_TRUE(harness.run_until([&] { return harness.disconnected(1); }));
  EXPECT_FALSE(harness.disconnected(0));
  EXPECT_TRUE(served(harness, *clients[0], "still subscribed"));
}

TEST(ControlLimits, SilentClientClosedAtTheRequestDeadlineServedAndSubscribedKept) {
  core::FakeClock clock{core::WallTime{1'800'000'000'000ms}};
  Harness harness({}, &clock);  // the default 5 s to complete a request, 30 s idle
  const core::BootTime start = clock.now().boot;
  TestClient silent(harness.io, harness.socket());
  TestClient talker(harness.io, harness.socket());
  TestClient subscriber(harness.io, harness.socket());
  subscriber.write("!subscribe\n");
  ASSERT_TRUE(harness.run_until([&] { return !talker.lines().empty(); }));
  ASSERT_TRUE(served(harness, talker, "here"));
  ASSERT_TRUE(harness.run_until([&] { return subscriber.lines().size() == 2; }));
  EXPECT_EQ(harness.server.next_deadline(), start + 5s);

  clock.advance(5s - 1ms);
  harness.server.on_deadline();
  harness.poll();
  EXPECT_FALSE(silent.closed());
  EXPECT_EQ(harness.server.client_count(), 3u);

  clock.advance(1ms);
  harness.server.on_deadline();
  ASSERT_TRUE(harness.run_until([&] { return silent.closed() && harness.disconnected(0); }));
  EXPECT_EQ(silent.lines(), Lines{"hello"});
  EXPECT_EQ(harness.server.next_deadline(), start + 30s);  // the talker's idle timeout
  EXPECT_TRUE(served(harness, talker, "still here"));
  EXPECT_TRUE(served(harness, subscriber, "still subscribed"));
}

TEST(ControlLimits, SilentClientClosedAfterIdleTimeoutSubscribedKept) {
  ControlLimits limits;
  limits.request_timeout = 200ms;
  limits.idle_timeout = 200ms;
  Harness harness(limits);
  const auto start = std::chrono::steady_clock::now();
  TestClient silent(harness.io, harness.socket());
  TestClient subscriber(harness.io, harness.socket());
  subscriber.write("!subscribe\n");

  ASSERT_TRUE(harness.run_until([&] { return silent.closed(); }));
  // The boot clock is read in whole milliseconds, so the deadline can fall up to 1 ms early.
  EXPECT_GE(std::chrono::steady_clock::now() - start, 199ms);
  ASSERT_TRUE(harness.run_until([&] { return harness.disconnected(0); }));
  EXPECT_EQ(silent.lines(), Lines{"hello"});

  EXPECT_FALSE(subscriber.closed());
  EXPECT_EQ(harness.server.next_deadline(), std::nullopt);  // nothing left to time out
  EXPECT_EQ(harness.timer.armed(), std::nullopt);
  EXPECT_TRUE(served(harness, subscriber, "still subscribed"));
}

TEST(ControlLimits, EachCompleteLineRestartsTheIdleTimeout) {
  ControlLimits limits;
  limits.request_timeout = 200ms;
  limits.idle_timeout = 200ms;
  Harness harness(limits);
  TestClient talker(harness.io, harness.socket());
  ASSERT_TRUE(harness.run_until([&] { return !talker.lines().empty(); }));
  const auto first = harness.server.next_deadline();
  ASSERT_TRUE(first);
  EXPECT_EQ(harness.timer.armed(), first);

  // Half the timeout later a line comes; the deadline moves, and the timer with it.
  EXPECT_FALSE(harness.run_until([] { return false; }, 100ms));
  EXPECT_TRUE(served(harness, talker, "here"));
  EXPECT_GT(*harness.server.next_deadline(), *first);
  EXPECT_EQ(harness.timer.armed(), harness.server.next_deadline());
  ASSERT_TRUE(harness.run_until([&] { return talker.closed(); }));
}

TEST(ControlLimits, ClientLeavingMidReplyLeavesOthersServed) {
  Harness harness;
  TestClient other(harness.io, harness.socket());
  TestClient leaver(harness.io, harness.socket());
  leaver.write("!big 8000000\n");
  ASSERT_TRUE(harness.run_until([&] { return leaver.received().size() > 100'000; }));
  leaver.close();  // the server still has megabytes to write: EPIPE, not SIGPIPE

  ASSERT_TRUE(harness.run_until([&] { return harness.disconnected(1); }));
  EXPECT_TRUE(served(harness, other, "still served"));
  EXPECT_EQ(harness.server.client_count(), 1u);
}

TEST(ControlLimits, ClientThatNeverReadsIsDroppedAtTheOutputCap) {
  ControlLimits limits;
  limits.max_pending_output = 256 * 1024;
  Harness harness(limits);
  TestClient reader(harness.io, harness.socket());
  TestClient stalled(harness.io, harness.socket(), /*read=*/false);
  ASSERT_TRUE(harness.run_until([&] { return harness.handler.connected.size() == 2; }));

  // Push events to both, as to two subscribers, letting the loop run between them.
  const std::string event(8 * 1024, 'e');
  std::size_t pushed = 0;
  while (!harness.disconnected(1) && pushed < 64 * 1024 * 1024) {
    harness.server.send(harness.id(0), event);
    harness.server.send(harness.id(1), event);
    pushed += event.size() + 1;
    ASSERT_TRUE(harness.run_until([&] { return reader.received().size() >= pushed + 6; }));
  }
  EXPECT_TRUE(harness.disconnected(1));
  EXPECT_GT(pushed, limits.max_pending_output);  // the kernel's buffer filled first
  EXPECT_FALSE(harness.disconnected(0));
  EXPECT_TRUE(served(harness, reader, "still served"));
}

}  // namespace
}  // namespace screentime::adapters::testing
