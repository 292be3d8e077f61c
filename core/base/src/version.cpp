// The version string of this build, shared by the CLI, the archive's run records and the User-Agent.
#include "newsarc/base/version.hpp"

namespace newsarc {

std::string_view version() noexcept {
    return NEWSARC_VERSION;
}

} // namespace newsarc
