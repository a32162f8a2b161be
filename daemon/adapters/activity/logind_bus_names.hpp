#pragma once
// logind's names on the system bus (org.freedesktop.login1(5)).

namespace screentime::adapters::logind {

inline constexpr const char* kService = "org.freedesktop.login1";
inline constexpr const char* kManagerPath = "/org/freedesktop/login1";
inline constexpr const char* kManagerInterface = "org.freedesktop.login1.Manager";
inline constexpr const char* kSessionInterface = "org.freedesktop.login1.Session";
inline constexpr const char* kSessionPathPrefix = "/org/freedesktop/login1/session";
inline constexpr const char* kPropertiesInterface = "org.freedesktop.DBus.Properties";

}  // namespace screentime::adapters::logind
