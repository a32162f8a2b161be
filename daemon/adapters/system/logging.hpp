#pragma once
// Logging set-up: spdlog to stderr; under journald (JOURNAL_STREAM names our stderr) each
// line starts with its syslog priority ("<4>") so the journal keeps the level.

namespace screentime::adapters {

void setup_logging(bool verbose);

}  // namespace screentime::adapters
