// Wellbeing resources: the shipped catalogs' shape, the vetted list they come from, which
// resource a reminder links, and how the catalog for a language is found.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "daemon/adapters/config/resource_catalog_loader.hpp"
#include "daemon/i18n/languages.hpp"

namespace screentime::adapters {
namespace {

using core::ReminderKind;
using core::Resource;
using core::ResourceMoment;

const std::filesystem::path kCatalogs = SCREENTIME_SOURCE_DIR "/config/resources";

std::vector<Resource> shipped(const std::string& language) {
  const auto load = load_resource_catalog(kCatalogs / (language + ".toml"));
  EXPECT_TRUE(load.ok()) << load.errors.front().to_string();
  EXPECT_TRUE(load.warnings.empty()) << load.warnings.front().to_string();
  return load.resources;
}

class ShippedCatalog : public testing::TestWithParam<std::string> {};

TEST_P(ShippedCatalog, EveryEntryIsComplete) {
  const auto resources = shipped(GetParam());
  ASSERT_FALSE(resources.empty());
  std::set<std::string> ids;
  for (const Resource& resource : resources) {
    SCOPED_TRACE(resource.id);
    EXPECT_FALSE(resource.id.empty());
    EXPECT_FALSE(resource.title.empty());
    EXPECT_FALSE(resource.description.empty());
    EXPECT_EQ(resource.description.find('\n'), std::string::npos);
    EXPECT_TRUE(resource.url.starts_with("https://")) << resource.url;
    EXPECT_TRUE(core::is_resource_category(resource.category)) << resource.category;
    for (const auto& moment : resource.moments) {
      EXPECT_TRUE(core::parse_resource_moment(moment)) << moment;
    }
    EXPECT_TRUE(ids.insert(resource.id).second) << "duplicate id";
  }
}

TEST_P(ShippedCatalog, EveryMomentHasAResource) {
  const auto resources = shipped(GetParam());
  for (ResourceMoment moment : core::kAllResourceMoments) {
    EXPECT_TRUE(core::pick_resource(resources, moment, 0)) << core::to_string(moment);
  }
}

// docs/resources.md is the source of truth for which organisations and URLs may be linked:
// the build machines have no internet, so nothing else can vouch for a URL.
TEST_P(ShippedCatalog, EveryUrlIsOnTheVettedList) {
  std::ifstream file(SCREENTIME_VETTED_LIST);
  ASSERT_TRUE(file) << SCREENTIME_VETTED_LIST << " is not there";
  std::stringstream text;
  text << file.rdbuf();
  const std::string list = text.str();
  std::set<std::string> vetted;
  const std::regex url(R"(https://[^\s|)]+)");
  for (auto it = std::sregex_iterator(list.begin(), list.end(), url); it != std::sregex_iterator();
       ++it) {
    vetted.insert(it->str());
  }
  for (const Resource& resource : shipped(GetParam())) {
    EXPECT_TRUE(vetted.contains(resource.url)) << resource.id << ": " << resource.url;
  }
}

INSTANTIATE_TEST_SUITE_P(Languages, ShippedCatalog, testing::Values("en", "sv"));

TEST(ShippedCatalog, SharedOrganisationsShareIds) {
  std::map<std::string, std::string> english;
  for (const Resource& resource : shipped("en")) english[resource.url] = resource.id;
  for (const Resource& resource : shipped("sv")) {
    if (english.contains(resource.url)) {
      EXPECT_EQ(english[resource.url], resource.id);
    }
  }
}

TEST(ResourceCatalogLoader, LocatesEveryBrokenEntryAndKeepsTheRest) {
  const auto load = parse_resource_catalog(R"([[resource]]
id = "good"
title = "Good"
description = "Fine."
url = "https://example.org"
category = "eyes"
moments = ["eye-break"]

[[resource]]
id = "bad"
title = "Bad"
description = "Plain http, unknown category and moment."
url = "http://example.org"
category = "feelings"
moments = ["lunch"]
colour = "red"

[[resource]]
id = "good"
title = "Again"
description = "Same id."
url = "https://example.com"
category = "sleep"
moments = []
)",
                                           "test.toml");
  ASSERT_EQ(load.resources.size(), 1u);
  EXPECT_EQ(load.resources[0].id, "good");
  ASSERT_EQ(load.errors.size(), 4u);
  EXPECT_EQ(load.errors[0].to_string(),
            "test.toml:13:7: url: expected an https:// address, got \"http://example.org\"");
  EXPECT_EQ(load.errors[1].line, 14);
  EXPECT_EQ(load.errors[2].line, 15);
  EXPECT_EQ(load.errors[3].line, 18);
  ASSERT_EQ(load.warnings.size(), 1u);
  EXPECT_EQ(load.warnings[0].to_string(), "test.toml:16:10: unknown key colour, ignoring");
}

TEST(ResourceCatalogLoader, SyntaxErrorHasItsPlace) {
  const auto load = parse_resource_catalog("[[resource]]\nid = \n", "broken.toml");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].line, 2);
  EXPECT_TRUE(load.resources.empty());
}

TEST(ResourceCatalogLoader, MissingFileSaysSo) {
  const auto load = load_resource_catalog("/nonexistent/xx.toml");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].to_string(),
            "/nonexistent/xx.toml: cannot be read: No such file or directory");
}

std::vector<Resource> catalog(std::initializer_list<std::pair<const char*, const char*>> items) {
  std::vector<Resource> resources;
  for (const auto& [id, moment] : items) {
    resources.push_back({id, id, "d", "https://x", "eyes", {moment}});
  }
  return resources;
}

TEST(PickResource, RotatesThroughTheFittingOnesInCatalogOrder) {
  const auto resources =
      catalog({{"a", "eye-break"}, {"b", "late-night"}, {"c", "eye-break"}, {"d", "eye-break"}});
  std::vector<std::string> picked;
  for (std::size_t rotation = 0; rotation < 5; ++rotation) {
    picked.push_back(core::pick_resource(resources, ResourceMoment::eye_break, rotation)->id);
  }
  EXPECT_EQ(picked, (std::vector<std::string>{"a", "c", "d", "a", "c"}));
  EXPECT_EQ(core::pick_resource(resources, ResourceMoment::late_night, 7)->id, "b");
  EXPECT_FALSE(core::pick_resource(resources, ResourceMoment::hard_time, 0));
  EXPECT_FALSE(core::pick_resource({}, ResourceMoment::eye_break, 0));
}

TEST(ResourceMoment, NamesRoundTrip) {
  for (ResourceMoment moment : core::kAllResourceMoments) {
    EXPECT_EQ(core::parse_resource_moment(core::to_string(moment)), moment);
  }
  EXPECT_FALSE(core::parse_resource_moment("eye_break"));
}

TEST(MomentFor, FollowsTheRules) {
  struct Case {
    ReminderKind kind;
    bool nag, goal;
    int hour;
    ResourceMoment expected;
  };
  const Case cases[] = {
      {ReminderKind::eye, false, false, 14, ResourceMoment::eye_break},
      {ReminderKind::movement, false, false, 14, ResourceMoment::movement_break},
      {ReminderKind::eye, false, false, 22, ResourceMoment::eye_break},
      {ReminderKind::eye, false, false, 23, ResourceMoment::late_night},
      {ReminderKind::movement, false, false, 0, ResourceMoment::late_night},
      {ReminderKind::eye, false, false, 4, ResourceMoment::late_night},
      {ReminderKind::eye, false, false, 5, ResourceMoment::eye_break},
      // Late night wins over nagging and the goal for breaks...
      {ReminderKind::eye, true, true, 2, ResourceMoment::late_night},
      // ...nagging over the goal...
      {ReminderKind::movement, true, true, 14, ResourceMoment::skipping},
      {ReminderKind::eye, false, true, 14, ResourceMoment::goal_exceeded},
      // ...and a goal notice is about the goal, even late.
      {ReminderKind::goal, false, true, 23, ResourceMoment::goal_exceeded},
      {ReminderKind::goal, false, false, 14, ResourceMoment::goal_exceeded},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(core::moment_for(c.kind, c.nag, c.goal, c.hour), c.expected)
        << core::to_string(c.kind) << " nag=" << c.nag << " goal=" << c.goal << " at " << c.hour;
  }
}

TEST(CatalogLanguage, ComesFromTheLocale) {
  EXPECT_EQ(i18n::language_of_locale("sv_SE.UTF-8"), "sv");
  EXPECT_EQ(i18n::language_of_locale("sv"), "sv");
  EXPECT_EQ(i18n::language_of_locale("de_DE@euro"), "de");
  EXPECT_EQ(i18n::language_of_locale("C.UTF-8"), "");
  EXPECT_EQ(i18n::language_of_locale("POSIX"), "");
}

TEST(CatalogLanguage, FollowsGettextsOrderOfVariables) {
  struct Case {
    i18n::LocaleVariables locale;
    std::vector<std::string> languages;
  };
  const Case cases[] = {
      {{"fr:sv", "", "de_DE.UTF-8", "sv_SE.UTF-8"}, {"fr", "sv", "de", "en"}},
      {{"", "", "", "sv_SE.UTF-8"}, {"sv", "en"}},
      {{"", "", "", "C"}, {"en"}},
      {{"", "nb_NO.UTF-8@euro", "de_DE", "sv_SE"}, {"nb", "en"}},
      {{"sv::en:sv", "", "", ""}, {"sv", "en"}},
      {{}, {"en"}},
  };
  for (const Case& each : cases) {
    EXPECT_EQ(i18n::preferred_languages(each.locale), each.languages) << each.locale.language;
  }
}

TEST(FindResourceCatalog, PrefersTheUsersLanguageThenEnglish) {
  const auto dirs = resource_catalog_dirs(kCatalogs, std::nullopt);
  EXPECT_EQ(dirs.front(), kCatalogs);
  EXPECT_EQ(find_resource_catalog({"sv", "en"}, dirs), kCatalogs / "sv.toml");
  EXPECT_EQ(find_resource_catalog({"fi"}, dirs), kCatalogs / "en.toml");  // no Finnish one yet
  EXPECT_EQ(find_resource_catalog({}, dirs), kCatalogs / "en.toml");
  EXPECT_EQ(find_resource_catalog({"sv"}, {"/nonexistent"}), std::nullopt);
}

TEST(FindResourceCatalog, LooksInTheUsersDataFolderBeforeTheInstalledOnes) {
  const auto dirs = resource_catalog_dirs({}, "/home/someone/.local/share");
  ASSERT_GE(dirs.size(), 2u);
  EXPECT_EQ(dirs.front(), "/home/someone/.local/share/screentime/resources");
}

}  // namespace
}  // namespace screentime::adapters
