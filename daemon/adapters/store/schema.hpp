#pragma once
// The history database's schema and its forward migrations (docs/storage.md describes both).

#include <filesystem>

namespace SQLite {
class Database;
}

namespace screentime::adapters {

// The schema version this build writes: the number of migration steps it knows.
int current_schema_version();

// Brings the database to current_schema_version(), applying every missing step in order, all
// in one transaction, and recording the result in PRAGMA user_version. A file from a newer
// build is refused with SchemaTooNewError (naming `path`) and left untouched. SQLite's own
// errors pass through as SQLite::Exception.
void migrate(SQLite::Database& db, const std::filesystem::path& path);

// For a read-only connection, which cannot migrate: the file must be at
// current_schema_version(). A newer one is SchemaTooNewError, an older one StoreError (the
// daemon brings it up to date the next time it starts).
void check_current(SQLite::Database& db, const std::filesystem::path& path);

}  // namespace screentime::adapters
