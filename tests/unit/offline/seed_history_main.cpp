// seed-history PATH: writes the offline views' seeded week (history_seed.hpp) for this user
// into the history database at PATH, for tests that run the real binaries on it.

#include <unistd.h>

#include <exception>
#include <iostream>

#include "tests/unit/offline/history_seed.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: seed-history PATH\n";
    return 2;
  }
  try {
    screentime::tests::seed_history(argv[1], getuid());
  } catch (const std::exception& error) {
    std::cerr << "seed-history: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
