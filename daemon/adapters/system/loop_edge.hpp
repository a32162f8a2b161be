#pragma once
// at_loop_edge: where an event enters the daemon from the loop (a timer, a file or clock
// watch, a signal), its handler runs inside this one catch. An exception ends that handler,
// not the loop: it is logged once, as a bug or a failure someone can act on, and the daemon
// goes on serving every other event. Loop thread only.

#include <functional>
#include <string_view>

namespace screentime::adapters {

void at_loop_edge(std::string_view what, const std::function<void()>& handler) noexcept;

}  // namespace screentime::adapters
