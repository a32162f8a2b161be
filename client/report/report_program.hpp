#pragma once
// Runs screentime-report, the program that draws a report, with the figures on its standard
// input. It is looked for beside screentimectl (the build tree, or one bin folder), then where
// it is installed.

#include <filesystem>
#include <string>

namespace screentime::client {

// Returns the exit status to give: 0 written, 1 not (screentime-report says why on standard
// error, or this says it could not be run).
// `environment`: the program's, as main has it.
int draw_report(const std::string& replies, const std::filesystem::path& file,
                const std::string& theme, char** environment);

}  // namespace screentime::client
