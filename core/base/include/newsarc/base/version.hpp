// The version of this newsarc build.
#pragma once
#include <string_view>

namespace newsarc {

/// The version of this build ("0.1.0"), as CMake's project() states it.
std::string_view version() noexcept;

} // namespace newsarc
