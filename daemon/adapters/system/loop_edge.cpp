#include "daemon/adapters/system/loop_edge.hpp"

#include <spdlog/spdlog.h>

#include <exception>

namespace screentime::adapters {

void at_loop_edge(std::string_view what, const std::function<void()>& handler) noexcept {
  try {
    handler();
  } catch (const std::exception& error) {
    spdlog::error("{}: {}; going on", what, error.what());
  } catch (...) {
    spdlog::error("{}: an unknown exception; going on", what);
  }
}

}  // namespace screentime::adapters
