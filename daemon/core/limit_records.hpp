#pragma once
// LimitRecords: what the system role keeps of a parent's answers: the extra time granted
// (so that a restart keeps it) and the requests for more time with their answers. Rare and
// worth keeping, so each is written at once, not queued: a call returns once it is stored, or
// throws (StoreError) and nothing changed. Implemented by the store. Loop thread only.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/interval.hpp"
#include "daemon/core/limit_policy.hpp"
#include "daemon/core/limits.hpp"
#include "daemon/core/time.hpp"

namespace screentime::core {

struct LimitGrant {
  WallTime at{};
  UtcOffset offset{};
  Duration extra{0};
  UserId by = 0;                        // who granted it
  std::optional<std::int64_t> request;  // the request it answered, if any
};

// What a limit did, for the parents' usage report: the time was up, or the action ran.
struct LimitEvent {
  enum class Kind : std::uint8_t { time_up, action };
  WallTime at{};
  UtcOffset offset{};
  Kind kind = Kind::time_up;
  LimitAction action = LimitAction::lock;
  LimitReason reason = LimitReason::daily;
};

enum class RequestState : std::uint8_t { pending, granted, denied };
std::string_view to_string(RequestState state);

struct LimitRequest {
  std::int64_t id = 0;
  UserId user = 0;
  WallTime asked_at{};
  UtcOffset offset{};
  Duration extra{0};   // asked for
  std::string reason;  // the user's words, may be empty
  RequestState state = RequestState::pending;
  std::optional<WallTime> answered_at;
  std::optional<UserId> answered_by;
  Duration granted{0};
};

class LimitRecords {
 public:
  virtual ~LimitRecords() = default;
  virtual void add_grant(UserId user, const LimitGrant& grant) = 0;
  // The user's grants made in [from, to).
  virtual std::vector<LimitGrant> grants(UserId user, WallTime from, WallTime to) = 0;
  // Stores a new request (its id is ignored) and returns its id.
  virtual std::int64_t add_request(const LimitRequest& request) = 0;
  // Records the answer to a pending request; false when no pending request has that id.
  virtual bool answer_request(std::int64_t id, RequestState state, WallTime at, UserId by,
                              Duration granted) = 0;
  virtual std::optional<LimitRequest> request(std::int64_t id) = 0;
  // Requests asked from `since` on, oldest first: one user's, or everyone's.
  virtual std::vector<LimitRequest> requests(std::optional<UserId> user, WallTime since) = 0;
  virtual void add_event(UserId user, const LimitEvent& event) = 0;
  // The user's events in [from, to), oldest first.
  virtual std::vector<LimitEvent> events(UserId user, WallTime from, WallTime to) = 0;
};

}  // namespace screentime::core
