#pragma once
// Translation of user-facing text through gettext (glibc's, so nothing else is linked).
// Messages in the source are English; po/<language>.po translate them. Logs stay English.
//
// With fmt, a translated string is not a compile-time format string:
//   fmt::format(fmt::runtime(tr("{} left today")), text)

#include <string>

namespace screentime::i18n {

// The gettext domain: po/screentime.pot, <localedir>/<lang>/LC_MESSAGES/screentime.mo.
inline constexpr const char* kDomain = "screentime";

// Sets the locale from the environment (setlocale reads it) and binds the domain to
// `localedir` when not empty (main passes $SCREENTIME_LOCALEDIR: tests use the build tree's
// catalogs), else to the build tree's catalogs for a program run from the build tree, else to
// the installed locale directory. Call once, first thing in main.
void init_i18n(const std::string& localedir);

// The translation of `msgid`, or `msgid` itself when there is none.
const char* tr(const char* msgid);
// The translation for `n` of a message with a singular and a plural form.
const char* tr_n(const char* singular, const char* plural, unsigned long n);

}  // namespace screentime::i18n

// Marks a string for xgettext without translating it where it stands (static tables);
// translate it with tr() where it is shown.
#define N_(text) text
