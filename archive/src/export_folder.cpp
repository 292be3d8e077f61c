// Refusing to mix an export with other files unless asked, and clearing only our own files when asked.
#include "export_folder.hpp"

#include "newsarc/base/result.hpp"

namespace newsarc::archive {

namespace fs = std::filesystem;

void prepare_export_folder(const fs::path& out_dir, bool force,
                           const std::function<bool(const std::string& file_name)>& is_output) {
    std::error_code error;
    if (fs::exists(out_dir, error) && !fs::is_directory(out_dir, error)) {
        throw usage_failure("export: '" + out_dir.string() + "' exists and is not a folder");
    }
    fs::create_directories(out_dir, error);
    if (error) {
        throw Failure("export: cannot create the folder '" + out_dir.string() + "': " + error.message());
    }
    bool empty = true;
    for (const auto& entry : fs::directory_iterator(out_dir)) {
        empty = false;
        if (!force) {
            break;
        }
        if (entry.is_regular_file() && is_output(entry.path().filename().string())) {
            fs::remove(entry.path());
        }
    }
    if (!empty && !force) {
        throw usage_failure("export: the folder '" + out_dir.string() +
                            "' is not empty - choose an empty folder or pass --force to write into it");
    }
}

} // namespace newsarc::archive
