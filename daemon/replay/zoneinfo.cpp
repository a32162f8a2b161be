#include "daemon/replay/zoneinfo.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "daemon/core/posix_time_zone.hpp"

namespace screentime::replay {
namespace {

// Wraps a POSIX rule under the name it was asked for.
class NamedZone final : public core::TimeZone {
 public:
  NamedZone(std::string name, core::PosixTimeZone rule)
      : name_(std::move(name)), rule_(std::move(rule)) {}
  core::UtcOffset utc_offset(core::WallTime at) const override { return rule_.utc_offset(at); }
  std::string name() const override { return name_; }

 private:
  std::string name_;
  core::PosixTimeZone rule_;
};

}  // namespace

std::shared_ptr<const core::TimeZone> load_time_zone(std::string_view name_or_rule,
                                                     const std::string& zoneinfo) {
  const std::string name(name_or_rule);
  const bool looks_like_path = !name.empty() && name.find("..") == std::string::npos &&
                               name.front() != '/' && name.find(',') == std::string::npos;
  if (looks_like_path) {
    std::ifstream file(zoneinfo + "/" + name, std::ios::binary);
    if (file) {
      const std::string data{std::istreambuf_iterator<char>(file), {}};
      if (data.size() < 6 || data.compare(0, 4, "TZif") != 0 || data[4] < '2' ||
          data.back() != '\n') {
        throw std::runtime_error("time zone \"" + name + "\": not a TZif file of version 2+");
      }
      const auto footer_start = data.rfind('\n', data.size() - 2);
      const std::string footer = data.substr(footer_start + 1, data.size() - footer_start - 2);
      auto rule = core::PosixTimeZone::parse(footer);
      if (!rule) {
        throw std::runtime_error("time zone \"" + name + "\": no usable rule in its footer");
      }
      return std::make_shared<NamedZone>(name, std::move(*rule));
    }
  }
  if (auto rule = core::PosixTimeZone::parse(name)) {
    return std::make_shared<core::PosixTimeZone>(std::move(*rule));
  }
  throw std::runtime_error("time zone \"" + name +
                           "\": neither a zone in the time zone database nor a POSIX TZ rule");
}

}  // namespace screentime::replay
