// gzip for tests that serve or damage compressed bodies (zlib; the product's own readers are what is tested).
#pragma once
#include <string>
#include <string_view>

namespace newsarc::test {

/// `data` as one gzip member (RFC 1952) at zlib compression `level`. Throws std::runtime_error when zlib fails.
std::string gzip_member(std::string_view data, int level = 6);

/// Every gzip member of `gz`, inflated and joined (a .warc.gz as the plain .warc). Throws std::runtime_error on
/// damaged data.
std::string gunzip_all(std::string_view gz);

} // namespace newsarc::test
