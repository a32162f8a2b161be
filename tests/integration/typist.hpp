#pragma once
// Typist: someone at the keyboard of the test session's X server, moving the pointer every
// 400 ms (XTEST, through testenv-input) from construction to destruction, on a thread of its
// own, so that a test keeps the session active while it waits for something else.

#include <atomic>
#include <thread>

namespace screentime::testing {

class Typist {
 public:
  Typist();
  ~Typist();
  Typist(const Typist&) = delete;
  Typist& operator=(const Typist&) = delete;

 private:
  void type();

  std::atomic<bool> running_{true};
  std::thread thread_;  // last: starts once the flag exists
};

}  // namespace screentime::testing
