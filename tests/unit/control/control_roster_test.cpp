// Who makes room for a newcomer, the per-uid share, and the request and idle deadlines,
// decided by ControlRoster on a FakeClock, to the millisecond.

#include "daemon/adapters/control/control_roster.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "daemon/core/fake_clock.hpp"

namespace screentime::adapters {
namespace {

using namespace std::chrono_literals;
using core::Duration;
using Expiry = ControlRoster::Expiry;

constexpr uid_t kAlice = 1000;
constexpr uid_t kBob = 1001;

core::FakeClock make_clock() { return core::FakeClock{core::WallTime{1'800'000'000'000ms}}; }

// One client as a row describes it; times are offsets from the row's start.
struct Spec {
  uid_t uid = kAlice;
  Duration connected{};
  std::optional<Duration> last_line;     // none: never completed a request
  std::optional<Duration> line_started;  // an unfinished line's first bytes
  bool subscribed = false;
};

// Connected and has not completed a request (maybe started one).
Spec unserved(uid_t uid, Duration connected, std::optional<Duration> line_started = {}) {
  return {uid, connected, std::nullopt, line_started, false};
}
Spec served(uid_t uid, Duration connected, Duration last_line) {
  return {uid, connected, last_line, std::nullopt, false};
}
// Subscribed with its last line at `last_line` (connected at 0).
Spec subscriber(uid_t uid, Duration last_line) {
  return {uid, Duration{}, last_line, std::nullopt, true};
}

// Adds `specs` as clients 1, 2, 3..., letting time pass as their offsets say (in order).
void fill(ControlRoster& roster, core::FakeClock& clock, const std::vector<Spec>& specs) {
  const core::BootTime start = clock.now().boot;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const ClientId id{i + 1};
    roster.add(id, specs[i].uid, start + specs[i].connected);
    if (specs[i].last_line) roster.line_completed(id, start + *specs[i].last_line);
    if (specs[i].line_started) roster.line_started(id, start + *specs[i].line_started);
    roster.set_subscribed(id, specs[i].subscribed);
  }
}

struct EvictionCase {
  std::string name;
  std::vector<Spec> clients;
  uid_t newcomer = kAlice;
  std::optional<std::uint64_t> victim;  // nullopt: there is room
};

class ControlRosterEviction : public ::testing::TestWithParam<EvictionCase> {};

TEST_P(ControlRosterEviction, ChoosesTheClientSilentTheLongest) {
  const EvictionCase& row = GetParam();
  ControlLimits limits;
  limits.max_clients = 4;
  limits.max_clients_per_uid = 3;
  ControlRoster roster(limits);
  core::FakeClock clock = make_clock();
  fill(roster, clock, row.clients);

  const auto victim = roster.make_room_for(row.newcomer);
  if (row.victim) {
    ASSERT_TRUE(victim.has_value());
    EXPECT_EQ(static_cast<std::uint64_t>(*victim), *row.victim);
  } else {
    EXPECT_EQ(victim, std::nullopt);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ControlRosterEviction,
    ::testing::Values(
        EvictionCase{"RoomLeftNobodyIsClosed",
                     {unserved(kAlice, 0s), unserved(kBob, 1s)},
                     kAlice,
                     std::nullopt},
        EvictionCase{
            "OldestUnservedGoesFirst",
            {unserved(kAlice, 2s), unserved(kBob, 1s), served(kAlice, 0s, 3s), unserved(kBob, 3s)},
            kBob,
            2},
        EvictionCase{"UnservedGoesBeforeAServedClientSilentLonger",
                     {served(kAlice, 0s, 0s), served(kBob, 0s, 1s), unserved(kAlice, 10s),
                      served(kBob, 0s, 2s)},
                     kBob,
                     3},
        EvictionCase{"UnservedGoesBeforeAnIdleSubscriber",
                     {subscriber(kAlice, 0s), subscriber(kBob, 0s), unserved(kAlice, 50s),
                      subscriber(kBob, 0s)},
                     kBob,
                     3},
        EvictionCase{"ServedGoesBeforeASubscriber",
                     {subscriber(kAlice, 0s), subscriber(kBob, 1s), served(kAlice, 0s, 40s),
                      subscriber(kBob, 0s)},
                     kBob,
                     3},
        EvictionCase{"AmongServedTheLongestSinceItsLastLine",
                     {served(kAlice, 0s, 8s), served(kBob, 5s, 6s), served(kAlice, 0s, 7s),
                      served(kBob, 1s, 9s)},
                     kBob,
                     2},
        EvictionCase{"AmongSubscribersTheLongestSinceItsLastLine",
                     {subscriber(kAlice, 3s), subscriber(kBob, 1s), subscriber(kAlice, 2s),
                      subscriber(kBob, 4s)},
                     kBob,
                     2},
        EvictionCase{"AnUnfinishedLineDoesNotMakeAClientLessSilent",
                     {unserved(kAlice, 0s, 9s), unserved(kBob, 5s), unserved(kAlice, 6s),
                      served(kBob, 0s, 1s)},
                     kBob,
                     1},
        EvictionCase{
            "SameSilenceTheOlderConnectionGoes",
            {unserved(kAlice, 1s), unserved(kBob, 0s), unserved(kAlice, 0s), unserved(kBob, 2s)},
            kBob,
            2},
        // The per-uid share: a uid at it pays for its own newcomer, even when another uid's
        // client is silent longer; a uid under it finds room while the table is not full.
        EvictionCase{"UidAtItsShareClosesItsOwnClient",
                     {unserved(kBob, 0s), served(kAlice, 1s, 2s), unserved(kAlice, 3s),
                      unserved(kAlice, 4s)},
                     kAlice,
                     3},
        EvictionCase{"UidAtItsShareLeavesRoomForAnother",
                     {unserved(kAlice, 0s), unserved(kAlice, 1s), unserved(kAlice, 2s)},
                     kBob,
                     std::nullopt},
        EvictionCase{"UidAtItsShareIsCappedBeforeTheTableIsFull",
                     {served(kAlice, 0s, 5s), unserved(kAlice, 1s), unserved(kAlice, 2s)},
                     kAlice,
                     2},
        EvictionCase{"FullTableUnderTheShareClosesTheLongestSilentOfAnyUid",
                     {served(kAlice, 0s, 5s), served(kAlice, 1s, 6s), unserved(kBob, 2s),
                      unserved(kBob, 3s)},
                     kAlice,
                     3}),
    [](const ::testing::TestParamInfo<EvictionCase>& row) { return row.param.name; });

TEST(ControlRoster, UserRoleOneUidKeepsItsNewestClients) {
  // The user role: every client has the same uid, so the share is what fills up, and a crowd
  // of silent connections evicts itself, oldest first, while a served client stays.
  ControlLimits limits;  // 64 places, 32 per uid
  ControlRoster roster(limits);
  core::FakeClock clock = make_clock();
  roster.add(ClientId{1}, kAlice, clock.now().boot);
  roster.line_completed(ClientId{1}, clock.now().boot);  // served: a `status` in progress
  for (std::uint64_t id = 2; id <= 200; ++id) {
    clock.advance(1ms);
    if (const auto victim = roster.make_room_for(kAlice)) {
      EXPECT_EQ(static_cast<std::uint64_t>(*victim), id - 31) << "newcomer " << id;
      roster.remove(*victim);
    }
    roster.add(ClientId{id}, kAlice, clock.now().boot);
  }
  EXPECT_EQ(roster.size(), 32u);
  EXPECT_EQ(roster.count(kAlice), 32u);
  EXPECT_EQ(roster.make_room_for(kAlice), ClientId{170});  // still not the served client
}

TEST(ControlRoster, UnservedClientExpiresAtTheRequestDeadline) {
  ControlLimits limits;  // 5 s to complete a request
  ControlRoster roster(limits);
  core::FakeClock clock = make_clock();
  const core::BootTime connected = clock.now().boot;
  roster.add(ClientId{1}, kAlice, connected);

  EXPECT_EQ(roster.next_deadline(), connected + 5s);
  clock.advance(5s - 1ms);
  EXPECT_TRUE(roster.expired(clock.now().boot).empty());
  clock.advance(1ms);
  const auto expired = roster.expired(clock.now().boot);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].client, ClientId{1});
  EXPECT_EQ(expired[0].why, Expiry::request);
}

TEST(ControlRoster, AServedClientHasTheIdleTimeoutInstead) {
  ControlLimits limits;  // 5 s request, 30 s idle
  ControlRoster roster(limits);
  core::FakeClock clock = make_clock();
  roster.add(ClientId{1}, kAlice, clock.now().boot);
  clock.advance(4s);
  roster.line_completed(ClientId{1}, clock.now().boot);

  EXPECT_EQ(roster.next_deadline(), clock.now().boot + 30s);
  clock.advance(29s);
  EXPECT_TRUE(roster.expired(clock.now().boot).empty());
  clock.advance(1s);
  const auto expired = roster.expired(clock.now().boot);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].why, Expiry::idle);
}

TEST(ControlRoster, AnUnfinishedLineMustBeFinishedWithinTheRequestTimeout) {
  ControlLimits limits;
  ControlRoster roster(limits);
  core::FakeClock clock = make_clock();
  roster.add(ClientId{1}, kAlice, clock.now().boot);
  roster.line_completed(ClientId{1}, clock.now().boot);
  clock.advance(10s);
  const core::BootTime started = clock.now().boot;
  roster.line_started(ClientId{1}, started);

  EXPECT_EQ(roster.next_deadline(), started + 5s);  // before the idle timeout at 30 s
  clock.advance(5s);
  const auto expired = roster.expired(clock.now().boot);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].why, Expiry::request);
}

TEST(ControlRoster, AnIdleSubscriberHasNoDeadlineSoNothingWakes) {
  ControlLimits limits;
  ControlRoster roster(limits);
  core::FakeClock clock = make_clock();
  EXPECT_EQ(roster.next_deadline(), std::nullopt);  // no clients: no wakeups

  roster.add(ClientId{1}, kAlice, clock.now().boot);
  clock.advance(100ms);
  roster.line_completed(ClientId{1}, clock.now().boot);
  roster.set_subscribed(ClientId{1}, true);
  EXPECT_EQ(roster.next_deadline(), std::nullopt);
  clock.advance(std::chrono::hours{5});
  EXPECT_TRUE(roster.expired(clock.now().boot).empty());

  // A subscriber that starts a request must finish it like anyone else; then it rests again.
  roster.line_started(ClientId{1}, clock.now().boot);
  EXPECT_EQ(roster.next_deadline(), clock.now().boot + 5s);
  clock.advance(1s);
  roster.line_completed(ClientId{1}, clock.now().boot);
  EXPECT_EQ(roster.next_deadline(), std::nullopt);
}

TEST(ControlRoster, TheEarliestDeadlineOfAllClients) {
  ControlLimits limits;
  ControlRoster roster(limits);
  core::FakeClock clock = make_clock();
  const core::BootTime start = clock.now().boot;
  roster.add(ClientId{1}, kAlice, start);
  roster.line_completed(ClientId{1}, start);  // idle at +30 s
  clock.advance(2s);
  roster.add(ClientId{2}, kBob, clock.now().boot);  // request at +7 s
  EXPECT_EQ(roster.next_deadline(), start + 7s);
  roster.remove(ClientId{2});
  EXPECT_EQ(roster.next_deadline(), start + 30s);
}

}  // namespace
}  // namespace screentime::adapters
