#pragma once
// Becoming another user for good, in a helper process started by root: the user's
// supplementary groups, group and user (real, effective and saved ids), then no new
// privileges, so nothing the process runs next can be root again. Only for a process of its
// own: it changes the calling process.

#include <sys/types.h>

#include <string>

namespace screentime::adapters {

// True when done; false with `error` saying what failed (nothing is undone: exit then).
bool become_user(uid_t uid, std::string& error);

}  // namespace screentime::adapters
