// A reader time format from a printed time (see time_format.hpp).
#include "newsarc/sitegen/time_format.hpp"

#include <array>

namespace newsarc::sitegen {

std::string time_format_of(std::string_view printed) {
    static constexpr std::array<const char*, 6> kFields = {"%Y", "%m", "%d", "%H", "%M", "%S"};
    std::string format;
    std::size_t field = 0;
    bool space = false;
    for (std::size_t i = 0; i < printed.size();) {
        const char c = printed[i];
        if (c >= '0' && c <= '9') {
            std::size_t end = i;
            while (end < printed.size() && printed[end] >= '0' && printed[end] <= '9') {
                ++end;
            }
            if (field >= kFields.size() || (field == 0 && end - i != 4) || (field > 0 && end - i > 2)) {
                return {};
            }
            if (space && !format.empty()) {
                format.push_back(' ');
            }
            space = false;
            format += kFields[field++];
            i = end;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            ++i;
            continue;
        }
        if (field == 0) {
            return {}; // text before the year: not what find_time matched
        }
        if (c == '+' || c == '%') {
            return {}; // an offset, or a character the format language would misread
        }
        if (space) {
            format.push_back(' ');
            space = false;
        }
        format.push_back(c);
        ++i;
    }
    return field >= 3 ? format : std::string{};
}

} // namespace newsarc::sitegen
