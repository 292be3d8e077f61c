// The declarative reader's time format (`%Y-%m-%d %H:%M`) that reads a printed time the way it was printed.
#pragma once
#include <string>
#include <string_view>

namespace newsarc::sitegen {

/// The format for `printed` (the text a time was found in, e.g. "2024年05月10日 00:26"): its runs of digits
/// become %Y %m %d %H %M %S in that order, white space one space, anything else itself. "" when the text is
/// not year-first or has more than six numbers (an offset, a weekday count): the reader then finds the time
/// by itself.
std::string time_format_of(std::string_view printed);

} // namespace newsarc::sitegen
