#include "daemon/adapters/system/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cstdio>
#include <string>

namespace screentime::adapters {
namespace {

// "<N>" with N the syslog priority of the message's level, as sd-daemon(3) describes.
class JournalPriorityFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& message, const std::tm&,
              spdlog::memory_buf_t& out) override {
    static constexpr char kPriorities[] = {'7', '7', '6', '4', '3', '2', '6'};
    const auto level = static_cast<std::size_t>(message.level);
    const char text[] = {'<', kPriorities[level < sizeof kPriorities ? level : 6], '>'};
    out.append(text, text + 3);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JournalPriorityFlag>();
  }
};

// JOURNAL_STREAM is "device:inode" of the stream journald gave us; it is only ours if our
// stderr still is that stream (a child of a service inherits the variable).
bool stderr_is_journal(const std::string& stream) {
  if (stream.empty()) return false;
  struct stat status {};
  if (fstat(fileno(stderr), &status) != 0) return false;
  const std::string expected = std::to_string(status.st_dev) + ":" + std::to_string(status.st_ino);
  return expected == stream;
}

}  // namespace

void setup_logging(bool verbose, const std::string& journal_stream) {
  auto logger = std::make_shared<spdlog::logger>("screentimed",
                                                 std::make_shared<spdlog::sinks::stderr_sink_mt>());
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  if (stderr_is_journal(journal_stream)) {
    // The journal adds its own time stamp and name.
    formatter->add_flag<JournalPriorityFlag>('*').set_pattern("%*%v");
  } else {
    formatter->set_pattern("%Y-%m-%d %H:%M:%S.%e %l: %v");
  }
  logger->set_formatter(std::move(formatter));
  logger->set_level(verbose ? spdlog::level::debug : spdlog::level::info);
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace screentime::adapters
