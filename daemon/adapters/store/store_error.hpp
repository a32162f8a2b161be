#pragma once
// Exceptions the SQLite history store throws (from its constructor and its queries; flush()
// never throws, it reports failures in FlushOutcome).

#include <filesystem>
#include <stdexcept>
#include <string>

namespace screentime::adapters {

// The history database could not be opened, prepared or read. The message names the file and
// carries SQLite's (or the OS's) own words.
class StoreError : public std::runtime_error {
 public:
  StoreError(const std::filesystem::path& path, const std::string& what)
      : std::runtime_error("history database " + path.string() + ": " + what) {}
};

// The file was written by a newer screentime whose schema this build does not know. It is
// refused rather than written to, so the newer version's data is never damaged.
class SchemaTooNewError : public StoreError {
 public:
  using StoreError::StoreError;
};

}  // namespace screentime::adapters
