#pragma once
// The one function each fuzz target defines: libFuzzer calls it, and so does corpus_driver.

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
