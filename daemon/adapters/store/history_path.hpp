#pragma once
// Where the history database lives by default, and creating it private to its owner.

#include <filesystem>

namespace screentime::adapters {

// $XDG_STATE_HOME/screentime/history.db, else $HOME/.local/state/screentime/history.db (the
// XDG Base Directory spec ignores relative values). Without a usable $HOME the passwd entry's
// home is used. Throws StoreError when no home can be found at all.
std::filesystem::path default_history_path();

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
