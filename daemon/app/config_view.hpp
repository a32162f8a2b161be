#pragma once
// The config in force as the `config.get` reply shows it, from the loaded config.

#include "daemon/core/config.hpp"
#include "daemon/protocol/replies.hpp"

namespace screentime::app {

protocol::ConfigView config_view(const core::Config& config);

}  // namespace screentime::app
