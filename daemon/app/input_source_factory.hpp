#pragma once
// Which input idle sources to try, in order of precision, and how to make each.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "daemon/core/idle_source.hpp"

namespace screentime::app {

// For "auto": event-driven sources first (Wayland's protocol where a Wayland compositor runs,
// GNOME's monitor, X11's XSync), the polled screen saver last. Otherwise just the one named.
std::vector<std::string> input_source_candidates(const std::string& configured);

std::unique_ptr<core::IdleSource> make_input_source(
    const std::string& name, boost::asio::io_context& io, const core::Clock& clock,
    core::IdleObserver& observer, const std::function<void(bool)>& screensaver_active,
    const std::function<void()>& deadline_changed);

}  // namespace screentime::app
