// The wire format: parsing requests and building replies.
#include <gtest/gtest.h>

#include "daemon/protocol/wire.hpp"

namespace screentime::protocol {
namespace {

using nlohmann::json;

TEST(ParseRequest, ReadsIdCommandAndArgs) {
  const auto request = parse_request(R"({"id":7,"cmd":"usage","args":{"by":"hour"}})");
  EXPECT_EQ(request.id, 7);
  EXPECT_EQ(request.command, "usage");
  EXPECT_EQ(request.args["by"], "hour");
  EXPECT_TRUE(parse_request(R"({"cmd":"status"})").args.is_object());
  EXPECT_EQ(parse_request(R"({"id":"a","cmd":"status"})").id, "a");
}

struct BadRequestCase {
  const char* line;
  ErrorCode code;
  const char* mentions;
};

class BadRequests : public ::testing::TestWithParam<BadRequestCase> {};

TEST_P(BadRequests, GetAPreciseError) {
  try {
    parse_request(GetParam().line);
    FAIL() << "accepted: " << GetParam().line;
  } catch (const ProtocolError& error) {
    EXPECT_EQ(error.code(), GetParam().code) << GetParam().line;
    EXPECT_NE(std::string(error.what()).find(GetParam().mentions), std::string::npos)
        << error.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadRequests,
    ::testing::Values(BadRequestCase{"", ErrorCode::parse_error, "JSON object"},
                      BadRequestCase{"status", ErrorCode::parse_error, "JSON object"},
                      BadRequestCase{"[1,2]", ErrorCode::parse_error, "JSON object"},
                      BadRequestCase{"{\"cmd\":\"status\"", ErrorCode::parse_error, "JSON"},
                      BadRequestCase{"{}", ErrorCode::bad_request, "cmd"},
                      BadRequestCase{"{\"cmd\":5}", ErrorCode::bad_request, "cmd"},
                      BadRequestCase{"{\"cmd\":\"x\",\"args\":[]}", ErrorCode::bad_request, "args"},
                      BadRequestCase{"{\"cmd\":\"x\",\"id\":{}}", ErrorCode::bad_request, "id"},
                      BadRequestCase{"\xff\xfe", ErrorCode::parse_error, "JSON"}));

TEST(Replies, AreOneLineOfJsonEchoingTheId) {
  const auto ok = json::parse(ok_reply(3, {{"state", "active"}}));
  EXPECT_EQ(ok["id"], 3);
  EXPECT_EQ(ok["ok"], true);
  EXPECT_EQ(ok["result"]["state"], "active");
  const std::string error = error_reply("x", ErrorCode::unknown_command, "no such command");
  EXPECT_EQ(error.find('\n'), std::string::npos);
  EXPECT_EQ(json::parse(error)["error"]["code"], "unknown_command");
  EXPECT_EQ(json::parse(greeting("0.1.0"))["protocol"], kProtocolVersion);
}

TEST(Replies, InvalidUtf8FromAnywhereIsReplacedNotThrown) {
  EXPECT_NO_THROW(error_reply(nullptr, ErrorCode::bad_request, "bad \xff byte"));
}

}  // namespace
}  // namespace screentime::protocol
