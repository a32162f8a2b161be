#include "daemon/i18n/i18n.hpp"

#include <libintl.h>

#include <clocale>

namespace screentime::i18n {

void init_i18n(const std::string& localedir) {
  std::setlocale(LC_ALL, "");
  // Numbers stay in C form: machine output (JSON, CSV) and parsed arguments must not depend
  // on the user's decimal comma.
  std::setlocale(LC_NUMERIC, "C");
  bindtextdomain(kDomain, localedir.empty() ? SCREENTIME_LOCALEDIR : localedir.c_str());
  bind_textdomain_codeset(kDomain, "UTF-8");
  textdomain(kDomain);
}

const char* tr(const char* msgid) { return dgettext(kDomain, msgid); }

const char* tr_n(const char* singular, const char* plural, unsigned long n) {
  return dngettext(kDomain, singular, plural, n);
}

}  // namespace screentime::i18n
