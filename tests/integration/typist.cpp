#include "tests/integration/typist.hpp"

#include <chrono>
#include <string>

#include "tests/integration/command_runner.hpp"

namespace screentime::testing {

Typist::Typist() : thread_([this] { type(); }) {}

Typist::~Typist() {
  running_ = false;
  thread_.join();
}

void Typist::type() {
  // A new place each time: a move to where the pointer already is is no input.
  for (int x = 10; running_; x = x % 600 + 10) {
    run_shell("testenv-input move " + std::to_string(x) + " 300");
    std::this_thread::sleep_for(std::chrono::milliseconds{400});  // the pace of the input
  }
}

}  // namespace screentime::testing
