#pragma once
// Logging set-up: spdlog to stderr; under journald (`journal_stream`, main's $JOURNAL_STREAM,
// names our stderr) each line starts with its syslog priority ("<4>") so the journal keeps
// the level.

#include <string>

namespace screentime::adapters {

void setup_logging(bool verbose, const std::string& journal_stream);

}  // namespace screentime::adapters
