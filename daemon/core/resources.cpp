#include "daemon/core/resources.hpp"

#include <algorithm>

namespace screentime::core {

bool is_resource_category(std::string_view name) {
  return std::find(kResourceCategories.begin(), kResourceCategories.end(), name) !=
         kResourceCategories.end();
}

std::string_view to_string(ResourceMoment moment) {
  switch (moment) {
    case ResourceMoment::eye_break:
      return "eye-break";
    case ResourceMoment::movement_break:
      return "movement-break";
    case ResourceMoment::late_night:
      return "late-night";
    case ResourceMoment::skipping:
      return "skipping";
    case ResourceMoment::goal_exceeded:
      return "goal-exceeded";
    case ResourceMoment::hard_time:
      return "hard-time";
  }
  return "eye-break";
}

std::optional<ResourceMoment> parse_resource_moment(std::string_view name) {
  for (ResourceMoment moment : kAllResourceMoments) {
    if (to_string(moment) == name) return moment;
  }
  return std::nullopt;
}

bool fits(const Resource& resource, ResourceMoment moment) {
  return std::find(resource.moments.begin(), resource.moments.end(), to_string(moment)) !=
         resource.moments.end();
}

std::optional<Resource> pick_resource(const std::vector<Resource>& catalog, ResourceMoment moment,
                                      std::size_t rotation) {
  const auto count = static_cast<std::size_t>(std::count_if(
      catalog.begin(), catalog.end(), [moment](const Resource& r) { return fits(r, moment); }));
  if (count == 0) return std::nullopt;
  std::size_t wanted = rotation % count;
  for (const Resource& resource : catalog) {
    if (fits(resource, moment) && wanted-- == 0) return resource;
  }
  return std::nullopt;
}

ResourceMoment moment_for(ReminderKind kind, bool nag, bool goal_exceeded, int local_hour) {
  const bool is_break = kind == ReminderKind::eye || kind == ReminderKind::movement;
  const bool late = local_hour >= 23 || (local_hour >= 0 && local_hour < 5);
  if (is_break && late) return ResourceMoment::late_night;
  if (nag) return ResourceMoment::skipping;
  if (goal_exceeded || kind == ReminderKind::goal) return ResourceMoment::goal_exceeded;
  return kind == ReminderKind::movement ? ResourceMoment::movement_break
                                        : ResourceMoment::eye_break;
}

}  // namespace screentime::core
