#pragma once
// Which languages the user reads, as gettext decides it: for what screentime shows beside its
// translated messages (the wellbeing resource catalog), in the client and the daemon alike.

#include <string>
#include <string_view>
#include <vector>

namespace screentime::i18n {

// "sv" for "sv_SE.UTF-8", "sv_SE@euro" or "sv"; "" for "C", "POSIX" and "".
std::string language_of_locale(std::string_view locale);

// The user's languages, most wanted first: LANGUAGE's list (as gettext reads it), then the
// first of LC_ALL, LC_MESSAGES, LANG that is set. Always ends with "en".
std::vector<std::string> preferred_languages();

}  // namespace screentime::i18n
