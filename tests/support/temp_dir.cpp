// TempDir: mkdtemp under $TMPDIR; removed on destruction unless NEWSARC_KEEP_TEMP is set.
#include "support/temp_dir.hpp"

#include <cstdlib>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace newsarc::test {

TempDir::TempDir(const std::string& label) {
    std::string pattern = (std::filesystem::temp_directory_path() / (label + "-XXXXXX")).string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (::mkdtemp(buffer.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed for " + pattern);
    }
    path_ = buffer.data();
}

TempDir::~TempDir() {
    if (std::getenv("NEWSARC_KEEP_TEMP") == nullptr) {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
}

} // namespace newsarc::test
