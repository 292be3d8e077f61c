// Test certificates made with the openssl command line: a CA and a server certificate for real host names,
// so tests serve those names over verified TLS from 127.0.0.1.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace newsarc::test {

/// Writes ca.pem/ca.key and server.pem/server.key (signed by the CA, valid for `hosts`) into `dir`.
/// Throws std::runtime_error naming the openssl step that failed.
void make_tls_certificates(const std::filesystem::path& dir, const std::vector<std::string>& hosts);

} // namespace newsarc::test
