// A temporary folder that removes itself, for tests that write real files.
#pragma once
#include <filesystem>
#include <string>

namespace newsarc::test {

class TempDir {
public:
    /// Creates a fresh folder under the system temp dir; `label` makes it recognisable when kept.
    explicit TempDir(const std::string& label = "newsarc");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
    [[nodiscard]] std::filesystem::path operator/(const std::filesystem::path& child) const { return path_ / child; }

private:
    std::filesystem::path path_;
};

} // namespace newsarc::test
