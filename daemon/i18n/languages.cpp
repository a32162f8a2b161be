#include "daemon/i18n/languages.hpp"

#include <algorithm>

namespace screentime::i18n {

std::string language_of_locale(std::string_view locale) {
  const std::string_view language = locale.substr(0, locale.find_first_of("_.@"));
  if (language == "C" || language == "POSIX") return "";
  return std::string(language);
}

std::vector<std::string> preferred_languages(const LocaleVariables& variables) {
  std::vector<std::string> languages;
  const auto add = [&languages](std::string_view locale) {
    const std::string language = language_of_locale(locale);
    if (!language.empty() &&
        std::find(languages.begin(), languages.end(), language) == languages.end()) {
      languages.push_back(language);
    }
  };
  {
    std::string_view rest = variables.language;
    while (!rest.empty()) {
      const auto colon = rest.find(':');
      add(rest.substr(0, colon));
      rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    }
  }
  for (const std::string* value : {&variables.lc_all, &variables.lc_messages, &variables.lang}) {
    if (!value->empty()) {
      add(*value);
      break;
    }
  }
  add("en");
  return languages;
}

}  // namespace screentime::i18n
