#pragma once
// Where the history database lives by default, and creating it private to its owner.

#include <filesystem>
#include <optional>

namespace screentime::adapters {

// `state_home` ($XDG_STATE_HOME, else ~/.local/state)/screentime/history.db. Throws
// StoreError when there is no state folder at all (no home).
std::filesystem::path default_history_path(const std::optional<std::filesystem::path>& state_home);

// Creates the missing folders on the way to `path` with mode 0700 and the file itself, empty,
// with mode 0600, whatever the umask. Anything that already exists is left as it is: the user's
// own folders and modes are theirs. Throws StoreError naming the path and errno's message.
void create_private_file(const std::filesystem::path& path);

// Gives SQLite's side files (-wal, -shm, -journal) the database file's mode again. SQLite
// copies that mode when it creates them, so a connection opened while the file was 0400 leaves
// them 0400, and they keep every later connection read-only after the file itself is fixed.
// Best effort: files we do not own, or that are already right, are left alone.
void align_side_file_modes(const std::filesystem::path& path);

}  // namespace screentime::adapters
