#pragma once
// Which languages the user reads, as gettext decides it: for what screentime shows beside its
// translated messages (the wellbeing resource catalog), in the client and the daemon alike.

#include <string>
#include <string_view>
#include <vector>

namespace screentime::i18n {

// "sv" for "sv_SE.UTF-8", "sv_SE@euro" or "sv"; "" for "C", "POSIX" and "".
std::string language_of_locale(std::string_view locale);

// The variables gettext decides the language by, as main read them ("" when unset).
struct LocaleVariables {
  std::string language;     // $LANGUAGE, a colon-separated list
  std::string lc_all;       // $LC_ALL
  std::string lc_messages;  // $LC_MESSAGES
  std::string lang;         // $LANG
};

// The user's languages, most wanted first: LANGUAGE's list (as gettext reads it), then the
// first of LC_ALL, LC_MESSAGES, LANG that is set. Always ends with "en".
std::vector<std::string> preferred_languages(const LocaleVariables& variables);

}  // namespace screentime::i18n
