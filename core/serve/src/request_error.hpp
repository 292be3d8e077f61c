// RequestError and the parameter readers every page uses: a value that does not parse is a 400 naming the
// parameter, the value and the form expected; something that does not exist is a 404.
#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "newsarc/archive/time.hpp"
#include "newsarc/serve/http.hpp"

namespace newsarc::serve {

/// Thrown by a page that cannot answer; the app turns it into an error page with this status and reason.
class RequestError : public std::runtime_error {
public:
    RequestError(int status, const std::string& reason) : std::runtime_error(reason), status_(status) {}
    [[nodiscard]] int status() const noexcept { return status_; }

private:
    int status_;
};

/// Query parameter `name` as a date or time (archive::parse_time's forms); nullopt when absent or empty.
/// `end_of_day`: a bare date means the end of that day (for an upper bound).
std::optional<archive::TimePoint> time_param(const HttpRequest& request, std::string_view name, bool end_of_day);

/// Query parameter `name` as an integer in [min, max]; `fallback` when absent or empty.
std::int64_t integer_param(const HttpRequest& request, std::string_view name, std::int64_t min, std::int64_t max,
                           std::int64_t fallback);

/// Query parameter `name` as a number in [min, max]; nullopt when absent or empty.
std::optional<double> number_param(const HttpRequest& request, std::string_view name, double min, double max);

/// Query parameter `name`, one of `choices`; `choices.front()` when absent or empty.
std::string choice_param(const HttpRequest& request, std::string_view name, const std::vector<std::string>& choices);

/// Query parameter `name` as text of at most `max_chars` bytes ("" when absent).
std::string text_param(const HttpRequest& request, std::string_view name, std::size_t max_bytes);

/// A path segment that must be a document id (16 lower-case hex digits): 404 otherwise.
std::string doc_id_segment(std::string_view segment);

/// "2024-06-12 18:05" in China time.
std::string show_time(archive::TimePoint time);
/// A stored published_at ("2024-06-12T18:05:00+08:00") as "2024-06-12 18:05"; "" stays "".
std::string show_published(std::string_view published_at);

} // namespace newsarc::serve
