#pragma once
// StateStream: a raw protocol client subscribed to screentimed's state changes, so a test
// waits for the event itself rather than polling.

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace screentime::testing {

class StateStream {
 public:
  explicit StateStream(const std::filesystem::path& socket);
  ~StateStream();
  StateStream(const StateStream&) = delete;
  StateStream& operator=(const StateStream&) = delete;

  // The subscription's first reply (the state when it began).
  const nlohmann::json& initial() const { return initial_; }
  // Reads events until one has `state`; returns it, or null JSON after `timeout`.
  nlohmann::json wait_for_state(const std::string& state,
                                std::chrono::milliseconds timeout = std::chrono::seconds{10});

 private:
  nlohmann::json next(std::chrono::milliseconds timeout);

  int fd_ = -1;
  std::string buffer_;
  nlohmann::json initial_;
};

}  // namespace screentime::testing
