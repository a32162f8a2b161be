#include "daemon/i18n/i18n.hpp"

#include <libintl.h>

#include <clocale>
#include <filesystem>
#include <string>

namespace screentime::i18n {
namespace {

// The build tree's catalogs for a program run from the build tree, which need not have been
// installed; the installed catalogs for everything else.
std::string default_localedir() {
#ifdef SCREENTIME_BUILD_DIR
  std::error_code error;
  const std::string program = std::filesystem::read_symlink("/proc/self/exe", error).string();
  if (!error && program.starts_with(SCREENTIME_BUILD_DIR "/")) return SCREENTIME_BUILD_LOCALEDIR;
#endif
  return SCREENTIME_LOCALEDIR;
}

}  // namespace

void init_i18n(const std::string& localedir) {
  std::setlocale(LC_ALL, "");
  // Numbers stay in C form: machine output (JSON, CSV) and parsed arguments must not depend
  // on the user's decimal comma.
  std::setlocale(LC_NUMERIC, "C");
  bindtextdomain(kDomain, localedir.empty() ? default_localedir().c_str() : localedir.c_str());
  bind_textdomain_codeset(kDomain, "UTF-8");
  textdomain(kDomain);
}

const char* tr(const char* msgid) { return dgettext(kDomain, msgid); }

const char* tr_n(const char* singular, const char* plural, unsigned long n) {
  return dngettext(kDomain, singular, plural, n);
}

}  // namespace screentime::i18n
