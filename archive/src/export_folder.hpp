// The output folder of an export (corpus, JSONL or WARC): the same rules for every format.
#pragma once
#include <filesystem>
#include <functional>
#include <string>

namespace newsarc::archive {

/// Makes `out_dir` ready: created when missing (a usage Failure when it is a file, a Failure naming it when it
/// cannot be created). A folder that holds anything is refused (usage Failure) unless `force`, which removes
/// the files `is_output` accepts (what an earlier export of this format wrote) and leaves everything else.
void prepare_export_folder(const std::filesystem::path& out_dir, bool force,
                           const std::function<bool(const std::string& file_name)>& is_output);

} // namespace newsarc::archive
