// openssl req/x509 with a subjectAltName extension file: the names a client checks.
#include "support/tls_certificates.hpp"

#include <fstream>
#include <stdexcept>

#include "support/run_process.hpp"

namespace newsarc::test {

void make_tls_certificates(const std::filesystem::path& dir, const std::vector<std::string>& hosts) {
    std::filesystem::create_directories(dir);
    std::string names;
    for (const auto& host : hosts) {
        names += (names.empty() ? "DNS:" : ",DNS:") + host;
    }
    std::ofstream(dir / "san.ext") << "subjectAltName=" << names << "\n";
    const auto d = [&](const char* name) { return (dir / name).string(); };
    const std::filesystem::path openssl("/usr/bin/openssl");
    const auto step = [&](const std::vector<std::string>& args) {
        const ProcessResult result = run_process(openssl, args);
        if (result.exit_code != 0) {
            throw std::runtime_error("openssl " + args.front() + " failed: " + result.err);
        }
    };
    step({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=newsarc test CA", "-keyout",
          d("ca.key"), "-out", d("ca.pem")});
    step({"req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=fixtures", "-keyout", d("server.key"), "-out",
          d("server.csr")});
    step({"x509", "-req", "-in", d("server.csr"), "-CA", d("ca.pem"), "-CAkey", d("ca.key"), "-CAcreateserial",
          "-days", "2", "-extfile", d("san.ext"), "-out", d("server.pem")});
}

} // namespace newsarc::test
