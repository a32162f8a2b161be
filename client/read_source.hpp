#pragma once
// ReadSource: where the usage views get their figures, as replies to the protocol's read
// commands: screentimed over its socket, or the history file itself while it is stopped.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace screentime::client {

class ReadSource {
 public:
  virtual ~ReadSource() = default;

  // One request's result, as the daemon would give it; RequestFailed on an error reply.
  virtual nlohmann::json request(const std::string& command,
                                 nlohmann::json args = nlohmann::json::object()) = 0;
  // What the figures came from, as the views' JSON names it: "daemon" or "history-file".
  virtual const char* source_name() const = 0;
};

// Every interval of the days [from, to] (ISO dates), reply after reply: `usage` by interval
// gives at most 10000 a reply and says where the next one starts.
inline nlohmann::json all_intervals(ReadSource& source, const std::string& from,
                                    const std::string& to) {
  nlohmann::json all = nlohmann::json::array();
  std::int64_t offset = 0;
  for (;;) {
    auto reply = source.request(
        "usage", {{"from", from}, {"to", to}, {"by", "interval"}, {"offset", offset}});
    if (reply["intervals"].is_array()) {
      for (auto& interval : reply["intervals"]) all.push_back(std::move(interval));
    }
    const auto& next = reply["next_offset"];
    // The last reply, or a daemon that does not page: done.
    if (!next.is_number_integer() || next.get<std::int64_t>() <= offset) return all;
    offset = next.get<std::int64_t>();
  }
}

}  // namespace screentime::client
