// Where the running newsarc finds its data (cleaning rules, topics, declarative sites, demo web, example jobs)
// and its plugins: relative to its own executable, so an installed tree and the build tree work the same way
// from any folder, and no path of the machine that built it is compiled in.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace newsarc {

/// The folder of the running executable (/proc/self/exe, symlinks resolved), or empty when it cannot be read.
std::filesystem::path executable_dir();

/// The data folder: $NEWSARC_DATA_DIR when set and not empty, else <executable_dir>/../share/newsarc (the
/// install layout, which the build tree mirrors). Empty when neither is known. It is not checked to exist.
std::filesystem::path data_dir();

/// One folder of the data folder, e.g. data_path("cleaning"); empty when data_dir() is.
std::filesystem::path data_path(std::string_view name);

/// For error messages: the data folder and where that answer came from, e.g.
/// "/opt/newsarc/share/newsarc (beside the program; set NEWSARC_DATA_DIR to use another)".
std::string describe_data_dir();

/// The plugin folder of the install layout: <executable_dir>/../lib/newsarc/plugins; empty when the
/// executable's folder is unknown.
std::filesystem::path installed_plugin_dir();

} // namespace newsarc
