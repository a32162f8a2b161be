#include "daemon/i18n/languages.hpp"

#include <algorithm>
#include <cstdlib>

namespace screentime::i18n {

std::string language_of_locale(std::string_view locale) {
  const std::string_view language = locale.substr(0, locale.find_first_of("_.@"));
  if (language == "C" || language == "POSIX") return "";
  return std::string(language);
}

std::vector<std::string> preferred_languages() {
  std::vector<std::string> languages;
  const auto add = [&languages](std::string_view locale) {
    const std::string language = language_of_locale(locale);
    if (!language.empty() &&
        std::find(languages.begin(), languages.end(), language) == languages.end()) {
      languages.push_back(language);
    }
  };
  if (const char* list = std::getenv("LANGUAGE")) {
    std::string_view rest = list;
    while (!rest.empty()) {
      const auto colon = rest.find(':');
      add(rest.substr(0, colon));
      rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    }
  }
  for (const char* variable : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(variable);
    if (value && *value) {
      add(value);
      break;
    }
  }
  add("en");
  return languages;
}

}  // namespace screentime::i18n
