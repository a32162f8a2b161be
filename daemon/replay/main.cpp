// screentime-replay: feeds a scripted timeline (JSON lines) through the accounting core
// with a fake clock and prints every decision it makes. See docs/replay.md.

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "daemon/replay/timeline_replay.hpp"

int main(int argc, char** argv) {
  const std::string usage = "usage: screentime-replay [TIMELINE.jsonl]  (default: stdin)\n";
  if (argc > 2 ||
      (argc == 2 && (std::string(argv[1]) == "-h" || std::string(argv[1]) == "--help"))) {
    std::cerr << usage;
    return argc > 2 ? 64 : 0;
  }
  std::ifstream file;
  if (argc == 2 && std::string(argv[1]) != "-") {
    file.open(argv[1]);
    if (!file) {
      std::cerr << "screentime-replay: cannot open \"" << argv[1] << "\"\n";
      return 66;
    }
  }
  std::istream& in = file.is_open() ? file : std::cin;

  // The environment is read here only: the system's time zone database, as glibc finds it.
  const char* tzdir = std::getenv("TZDIR");
  screentime::replay::TimelineReplay replay(
      std::cout, tzdir != nullptr && *tzdir != '\0' ? tzdir : "/usr/share/zoneinfo");
  bool all_valid = true;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    all_valid = replay.feed(line, number) && all_valid;
  }
  replay.finish();
  return all_valid ? 0 : 1;
}
