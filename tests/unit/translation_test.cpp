// Translations: po/sv.po covers po/screentime.pot, every translation formats like its
// English message, the template matches the sources, and the built catalog is found.
#include <fmt/args.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "daemon/i18n/i18n.hpp"

namespace {

// One message of a .po/.pot file.
struct Entry {
  std::string msgid, msgid_plural;
  std::vector<std::string> msgstr;  // [0] alone, or one per plural form
  bool fuzzy = false;
};

std::string unquote(const std::string& line) {
  const auto open = line.find('"');
  std::string text;
  for (auto i = open + 1; i + 1 < line.size(); ++i) {
    if (line[i] != '\\') {
      text += line[i];
      continue;
    }
    const char escaped = line[++i];
    text += escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped;
  }
  return text;
}

// A small reader for what msgmerge and xgettext write: comments, flags, msgid, msgid_plural,
// msgstr, msgstr[n], each possibly continued on following "..." lines. Obsolete entries (#~)
// and the header (msgid "") are left out.
std::vector<Entry> read_po(const std::filesystem::path& path) {
  std::ifstream file(path);
  EXPECT_TRUE(file) << path << " cannot be read";
  std::vector<Entry> entries;
  Entry entry;
  std::string* target = nullptr;
  bool fuzzy = false;
  const auto finish = [&] {
    if (target && !entry.msgid.empty()) entries.push_back(entry);
    entry = Entry{};
    target = nullptr;
  };
  std::string line;
  while (std::getline(file, line)) {
    if (line.starts_with("#,")) {
      finish();
      fuzzy = line.find("fuzzy") != std::string::npos;
    } else if (line.starts_with("msgid_plural")) {
      target = &entry.msgid_plural;
      *target = unquote(line);
    } else if (line.starts_with("msgid")) {
      finish();
      entry.fuzzy = std::exchange(fuzzy, false);
      target = &entry.msgid;
      *target = unquote(line);
    } else if (line.starts_with("msgstr")) {
      target = &entry.msgstr.emplace_back(unquote(line));
    } else if (line.starts_with("\"") && target) {
      *target += unquote(line);
    } else if (line.empty() || line.starts_with("#")) {
      finish();
    }
  }
  finish();
  return entries;
}

// Replacement fields: "{}", "{:>2}", "{0}"; "{{" and "}}" are literal braces.
int placeholders(const std::string& text) {
  int count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      ++i;
    } else if (text[i] == '{') {
      ++count;
    }
  }
  return count;
}

// Formats `text` as the client does, with `count` dummy numbers; the error when it throws.
std::string format_error(const std::string& text, int count) {
  fmt::dynamic_format_arg_store<fmt::format_context> args;
  for (int i = 0; i < count; ++i) args.push_back(i + 1);
  try {
    (void)fmt::vformat(text, args);
    return "";
  } catch (const fmt::format_error& error) {
    return error.what();
  }
}

const std::filesystem::path kPo = SCREENTIME_SOURCE_DIR "/po";

TEST(Translation, SwedishCoversEveryMessage) {
  std::map<std::string, Entry> swedish;
  for (const Entry& entry : read_po(kPo / "sv.po")) swedish[entry.msgid] = entry;
  const auto messages = read_po(kPo / "screentime.pot");
  ASSERT_FALSE(messages.empty());
  for (const Entry& message : messages) {
    SCOPED_TRACE(message.msgid);
    const auto found = swedish.find(message.msgid);
    ASSERT_NE(found, swedish.end()) << "not in po/sv.po: run `cmake --build build --target "
                                       "update-po` and translate the new strings in po/sv.po";
    const Entry& entry = found->second;
    EXPECT_FALSE(entry.fuzzy) << "fuzzy: check the translation and remove the fuzzy flag";
    EXPECT_EQ(entry.msgid_plural, message.msgid_plural);
    // Swedish has two plural forms (Plural-Forms: nplurals=2).
    ASSERT_EQ(entry.msgstr.size(), message.msgid_plural.empty() ? 1u : 2u);
    for (const std::string& translation : entry.msgstr) EXPECT_FALSE(translation.empty());
  }
}

// fmt::runtime() moves format checks to run time: a bad "{}" in a translation would throw
// in front of the user, so every one is formatted here.
TEST(Translation, SwedishFormatsLikeTheEnglish) {
  for (const Entry& entry : read_po(kPo / "sv.po")) {
    SCOPED_TRACE(entry.msgid);
    const int expected = placeholders(entry.msgid);
    EXPECT_EQ(format_error(entry.msgid, expected), "");
    for (const std::string& translation : entry.msgstr) {
      EXPECT_EQ(placeholders(translation), expected) << translation;
      EXPECT_EQ(format_error(translation, expected), "") << translation;
    }
  }
}

std::set<std::string> msgids(const std::vector<Entry>& entries) {
  std::set<std::string> ids;
  for (const Entry& entry : entries) ids.insert(entry.msgid + "|" + entry.msgid_plural);
  return ids;
}

TEST(Translation, TemplateMatchesTheSources) {
  const std::string xgettext = SCREENTIME_XGETTEXT;
  if (xgettext.empty()) GTEST_SKIP() << "xgettext is not installed";
  const auto fresh = std::filesystem::temp_directory_path() /
                     ("screentime-" + std::to_string(::getpid()) + ".pot");
  // The same options as the update-po target (po/CMakeLists.txt).
  const std::string command = "cd '" SCREENTIME_SOURCE_DIR "' && '" + xgettext +
                              "' --language=C++ --from-code=UTF-8 -c --keyword=tr --keyword=N_ "
                              "--keyword=tr_n:1,2 --files-from=po/POTFILES --output='" +
                              fresh.string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const auto sources = msgids(read_po(fresh));
  std::filesystem::remove(fresh);
  const auto committed = msgids(read_po(kPo / "screentime.pot"));
  std::vector<std::string> added, removed;
  std::set_difference(sources.begin(), sources.end(), committed.begin(), committed.end(),
                      std::back_inserter(added));
  std::set_difference(committed.begin(), committed.end(), sources.begin(), sources.end(),
                      std::back_inserter(removed));
  EXPECT_TRUE(added.empty() && removed.empty())
      << "po/screentime.pot is out of date (" << added.size() << " new, " << removed.size()
      << " gone, first: \"" << (added.empty() ? removed : added).front()
      << "\"): run `cmake --build build --target update-po` and translate the new strings in "
         "po/sv.po";
}

// The built catalog is found where main says (its SCREENTIME_LOCALEDIR). C.UTF-8 is built into
// glibc and, unlike "C", lets gettext follow LANGUAGE: no generated locale is needed for this
// check.
TEST(Translation, BuiltCatalogIsUsed) {
  setenv("LANGUAGE", "sv", 1);
  setenv("LC_ALL", "C.UTF-8", 1);
  screentime::i18n::init_i18n(SCREENTIME_BUILD_LOCALEDIR);
  EXPECT_STREQ(screentime::i18n::tr("Usage"), "Användning");
  EXPECT_STREQ(screentime::i18n::tr("no such message"), "no such message");
  EXPECT_STREQ(screentime::i18n::tr_n("{} interval waiting to be written",
                                      "{} intervals waiting to be written", 2),
               "{} intervall väntar på att skrivas");
}

}  // namespace
