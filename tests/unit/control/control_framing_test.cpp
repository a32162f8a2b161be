// Lines in, lines out: the transport cuts the byte stream at '\n' and nowhere else, hands over
// every byte in between untouched, and keeps a connection's replies in order.

#include <gtest/gtest.h>

#include "tests/unit/control/control_test_support.hpp"

namespace screentime::adapters::testing {
namespace {

using Lines = std::vector<std::string>;

TEST(ControlFraming, LineSplitAcrossWritesArrivesWhole) {
  Harness harness;
  TestClient client(harness.io, harness.socket());
  ASSERT_TRUE(harness.run_until([&] { return client.lines() == Lines{"hello"}; }));

  client.write("sta");
  harness.poll();
  client.write("t");
  harness.poll();
  EXPECT_TRUE(harness.handler.lines.empty());
  client.write("us\n");

  ASSERT_TRUE(harness.run_until([&] { return client.lines().size() == 2; }));
  EXPECT_EQ(client.lines(), (Lines{"hello", "status"}));
  ASSERT_EQ(harness.handler.lines.size(), 1u);
  EXPECT_EQ(harness.handler.lines[0].second, "status");
}

TEST(ControlFraming, SeveralLinesInOneWriteArriveInOrder) {
  Harness harness;
  TestClient client(harness.io, harness.socket());
  client.write("one\ntwo\n\nthree\nfour");  // "four" is not a line yet

  ASSERT_TRUE(harness.run_until([&] { return client.lines().size() == 5; }));
  EXPECT_EQ(client.lines(), (Lines{"hello", "one", "two", "", "three"}));
  client.write("\n");
  ASSERT_TRUE(harness.run_until([&] { return client.lines().size() == 6; }));
  EXPECT_EQ(client.lines().back(), "four");
}

TEST(ControlFraming, GarbageIsHandedOverAndEchoedByteForByte) {
  Harness harness;
  TestClient client(harness.io, harness.socket());
  static constexpr char kBytes[] = "{\"cmd\": \x01\x02\xff\xfe\r\t \0 not json\r";
  const std::string garbage(kBytes, sizeof kBytes - 1);  // with the NUL inside
  client.write(garbage + "\n");

  ASSERT_TRUE(harness.run_until([&] { return client.lines().size() == 2; }));
  ASSERT_EQ(harness.handler.lines.size(), 1u);
  EXPECT_EQ(harness.handler.lines[0].second, garbage);
  EXPECT_EQ(client.lines()[1], garbage);
  EXPECT_FALSE(client.closed());
}

TEST(ControlFraming, RepliesToManyLinesComeBackInOrder) {
  Harness harness;
  TestClient client(harness.io, harness.socket());
  Lines expected{"hello"};
  std::string burst;
  for (int i = 0; i < 2000; ++i) {
    expected.push_back("line " + std::to_string(i));
    burst += expected.back() + "\n";
  }
  client.write_async(burst);

  ASSERT_TRUE(harness.run_until([&] { return client.lines().size() == expected.size(); }));
  EXPECT_EQ(client.lines(), expected);
}

TEST(ControlFraming, LargeReplyArrivesWhole) {
  Harness harness;
  TestClient client(harness.io, harness.socket());
  client.write("!big 3000000\n");

  ASSERT_TRUE(harness.run_until([&] { return client.lines().size() == 2; }));
  EXPECT_EQ(client.lines()[1], std::string(3'000'000, 'x'));
}

TEST(ControlFraming, CloseSendsWhatIsQueuedFirst) {
  Harness harness;
  TestClient client(harness.io, harness.socket());
  client.write("!close\nignored after the close\n");

  ASSERT_TRUE(harness.run_until([&] { return client.closed(); }));
  EXPECT_EQ(client.lines(), (Lines{"hello", "bye"}));
  ASSERT_TRUE(harness.run_until([&] { return harness.disconnected(0); }));
  EXPECT_EQ(harness.handler.lines.size(), 1u);
}

TEST(ControlFraming, HandlerFailureIsLoggedAndTheClientGoesOn) {
  Harness harness;
  TestClient client(harness.io, harness.socket());
  client.write("!throw\nstill here\n");

  ASSERT_TRUE(harness.run_until([&] { return client.lines().size() == 2; }));
  EXPECT_EQ(client.lines()[1], "still here");
  EXPECT_FALSE(client.closed());
}

TEST(ControlFraming, SendToAClosedClientIsANoOp) {
  Harness harness;
  {
    TestClient client(harness.io, harness.socket());
    ASSERT_TRUE(harness.run_until([&] { return client.lines().size() == 1; }));
    client.close();
  }
  ASSERT_TRUE(harness.run_until([&] { return harness.disconnected(0); }));
  harness.server.send(harness.id(0), "nobody listens");
  harness.server.set_subscribed(harness.id(0), true);
  harness.server.close(harness.id(0));
  EXPECT_EQ(harness.server.client_count(), 0u);
}

}  // namespace
}  // namespace screentime::adapters::testing
