// The fuzz targets without libFuzzer (the normal build, GCC): every input of the target's
// seed corpus, then ROUNDS inputs mutated from them with a fixed seed (bytes flipped, added,
// dropped, repeated; two inputs spliced), so the tests and the sanitizer build run the targets
// on every change. bench/fuzz runs the same targets under libFuzzer for real.
//
//   fuzz_TARGET CORPUS_DIR [ROUNDS]
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_target.hpp"

namespace {

void run(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

std::string mutate(std::mt19937_64& rng, const std::vector<std::string>& corpus) {
  const auto pick = [&](std::size_t n) {
    return n == 0 ? std::size_t{0} : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  std::string input = corpus[pick(corpus.size())];
  const int edits = std::uniform_int_distribution<int>(1, 8)(rng);
  for (int i = 0; i < edits; ++i) {
    const std::size_t at = pick(input.size() + 1);
    switch (pick(6)) {
      case 0:
        if (at < input.size()) input[at] = static_cast<char>(input[at] ^ (1 << pick(8)));
        break;
      case 1:
        input.insert(at, 1, static_cast<char>(pick(256)));
        break;
      case 2:
        if (at < input.size()) input.erase(at, 1 + pick(8));
        break;
      case 3:
        if (at < input.size()) input.insert(at, input.substr(at, 1 + pick(16)));
        break;
      case 4: {
        const std::string& other = corpus[pick(corpus.size())];
        input = input.substr(0, at) + other.substr(pick(other.size() + 1));
        break;
      }
      default:
        if (at < input.size()) input[at] = "{}[]\":,=.-+0129TZ\n\\"[pick(20)];
        break;
    }
  }
  return input;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR [ROUNDS]\n", argv[0]);
    return 2;
  }
  std::vector<std::string> corpus;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
    std::ifstream file(entry.path(), std::ios::binary);
    corpus.emplace_back(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }
  if (corpus.empty()) {
    std::fprintf(stderr, "%s: no inputs in %s\n", argv[0], argv[1]);
    return 2;
  }
  for (const std::string& input : corpus) run(input);
  const long rounds = argc > 2 ? std::atol(argv[2]) : 0;
  std::mt19937_64 rng(20261205);
  for (long i = 0; i < rounds; ++i) run(mutate(rng, corpus));
  std::printf("%zu corpus inputs and %ld mutations ran\n", corpus.size(), rounds);
  return 0;
}
