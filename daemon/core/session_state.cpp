#include "daemon/core/session_state.hpp"

namespace screentime::core {

StateDecision decide_session_state(const SessionFacts& facts, std::string_view source) {
  if (facts.sleeping) return {ActivityState::asleep, std::string(source), "PrepareForSleep"};
  if (!facts.in_front) {
    return {ActivityState::locked, "session-inactive", "another session is in front"};
  }
  if (facts.locked) return {ActivityState::locked, std::string(source), "session locked"};
  if (facts.idle) return {ActivityState::idle, std::string(source), "IdleHint"};
  return {ActivityState::active, std::string(source), ""};
}

}  // namespace screentime::core
