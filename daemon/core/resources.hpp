#pragma once
// The wellbeing resources a reminder links to, and which one fits a reminder's moment.
// Pure: the catalog is read by adapters/config/resource_catalog_loader.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/breaks.hpp"

namespace screentime::core {

// One organisation's page, in one language (config/resources/<language>.toml).
struct Resource {
  std::string id;  // the same across languages when the organisation is the same
  std::string title;
  std::string description;           // one line
  std::string url;                   // https, the organisation's home page
  std::string category;              // one of kResourceCategories
  std::vector<std::string> moments;  // names of ResourceMoment values
  friend bool operator==(const Resource&, const Resource&) = default;
};

inline constexpr std::array<std::string_view, 11> kResourceCategories = {
    "support", "eyes",          "movement",       "sleep",      "wellbeing", "habits",
    "parents", "online-safety", "media-literacy", "body-image", "reporting"};
bool is_resource_category(std::string_view name);

// Why a reminder links a resource. The names are the catalog's: they must never change.
enum class ResourceMoment : std::uint8_t {
  eye_break,
  movement_break,
  late_night,     // a break reminder between 23:00 and 04:59 local time
  skipping,       // breaks were skipped or snoozed several times in a row
  goal_exceeded,  // the daily screen-time goal was reached
  hard_time,      // someone needs support now; never chosen by moment_for
};
inline constexpr std::array<ResourceMoment, 6> kAllResourceMoments = {
    ResourceMoment::eye_break, ResourceMoment::movement_break, ResourceMoment::late_night,
    ResourceMoment::skipping,  ResourceMoment::goal_exceeded,  ResourceMoment::hard_time};

std::string_view to_string(ResourceMoment moment);
std::optional<ResourceMoment> parse_resource_moment(std::string_view name);

bool fits(const Resource& resource, ResourceMoment moment);

// The (rotation % n)-th of the n resources that fit `moment`, in catalog order, so that
// successive reminders link different pages; nullopt when none fits.
std::optional<Resource> pick_resource(const std::vector<Resource>& catalog, ResourceMoment moment,
                                      std::size_t rotation);

// The moment of a reminder. Late night (23:00-04:59) wins for eye and movement breaks: sleep
// matters more then than the break itself. Then a nagging reminder (breaks skipped in a row)
// links "skipping", a reached goal "goal_exceeded", and otherwise the break's own moment.
ResourceMoment moment_for(ReminderKind kind, bool nag, bool goal_exceeded, int local_hour);

}  // namespace screentime::core
