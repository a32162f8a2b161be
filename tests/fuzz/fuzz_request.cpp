// Fuzz target: a control socket line, as the daemon takes it: the request parser, then the
// named command's argument validation. Anything may be refused (ProtocolError); nothing else
// may escape. A request that parses parses the same once written back out.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/protocol/arguments.hpp"
#include "daemon/protocol/commands.hpp"
#include "daemon/protocol/wire.hpp"
#include "tests/fuzz/fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace screentime::protocol;
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  Request request;
  try {
    request = parse_request(line);
  } catch (const ProtocolError&) {
    return 0;
  }
  const nlohmann::json again = {
      {"id", request.id}, {"cmd", request.command}, {"args", request.args}};
  const Request reparsed = parse_request(again.dump());
  if (reparsed.command != request.command || reparsed.args != request.args) std::abort();
  const CommandSpec* command = find_command(request.command);
  if (command == nullptr) return 0;
  try {
    validate_arguments(*command, request.args);
  } catch (const ProtocolError&) {
  }
  return 0;
}
