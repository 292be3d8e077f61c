// The parameter readers of request_error.hpp.
#include "request_error.hpp"

#include <charconv>
#include <cmath>

#include "newsarc/base/ids.hpp"

namespace newsarc::serve {
namespace {

std::optional<std::string> present(const HttpRequest& request, std::string_view name) {
    auto value = request.param(name);
    if (!value || value->empty()) {
        return std::nullopt;
    }
    return value;
}

[[noreturn]] void bad(std::string_view name, std::string_view value, std::string_view expected) {
    throw RequestError(400, "parameter '" + std::string(name) + "' = '" + std::string(value) + "': " +
                                std::string(expected));
}

} // namespace

std::optional<archive::TimePoint> time_param(const HttpRequest& request, std::string_view name, bool end_of_day) {
    const auto value = present(request, name);
    if (!value) {
        return std::nullopt;
    }
    const auto parsed = archive::parse_time(*value);
    if (!parsed) {
        bad(name, *value, "not a date: use YYYY-MM-DD or 'YYYY-MM-DD HH:MM' (China time)");
    }
    if (end_of_day && value->size() == 10) {
        return *parsed + std::chrono::hours(24) - std::chrono::milliseconds(1);
    }
    return parsed;
}

std::int64_t integer_param(const HttpRequest& request, std::string_view name, std::int64_t min, std::int64_t max,
                           std::int64_t fallback) {
    const auto value = present(request, name);
    if (!value) {
        return fallback;
    }
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), number);
    if (error != std::errc() || end != value->data() + value->size()) {
        bad(name, *value, "not a whole number");
    }
    if (number < min || number > max) {
        bad(name, *value, "must be from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return number;
}

std::optional<double> number_param(const HttpRequest& request, std::string_view name, double min, double max) {
    const auto value = present(request, name);
    if (!value) {
        return std::nullopt;
    }
    double number = 0;
    const auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), number);
    if (error != std::errc() || end != value->data() + value->size() || !std::isfinite(number)) {
        bad(name, *value, "not a number");
    }
    if (number < min || number > max) {
        bad(name, *value, "must be from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return number;
}

std::string choice_param(const HttpRequest& request, std::string_view name, const std::vector<std::string>& choices) {
    const auto value = present(request, name);
    if (!value) {
        return choices.front();
    }
    for (const auto& choice : choices) {
        if (*value == choice) {
            return choice;
        }
    }
    std::string list;
    for (const auto& choice : choices) {
        list += (list.empty() ? "" : ", ") + choice;
    }
    bad(name, *value, "must be one of " + list);
}

std::string text_param(const HttpRequest& request, std::string_view name, std::size_t max_bytes) {
    auto value = request.param(name).value_or("");
    if (value.size() > max_bytes) {
        throw RequestError(400, "parameter '" + std::string(name) + "' is longer than " + std::to_string(max_bytes) +
                                    " bytes");
    }
    return value;
}

std::string doc_id_segment(std::string_view segment) {
    if (!is_doc_id(segment)) {
        throw RequestError(404, "'" + std::string(segment) +
                                    "' is not a document id (16 lower-case hex digits, as in /doc/0123456789abcdef)");
    }
    return std::string(segment);
}

std::string show_time(archive::TimePoint time) {
    std::string iso = archive::format_iso(time);
    iso[10] = ' ';
    return iso.substr(0, 16);
}

std::string show_published(std::string_view published_at) {
    if (published_at.size() < 16) {
        return std::string(published_at);
    }
    std::string shown(published_at.substr(0, 16));
    shown[10] = ' ';
    return shown;
}

} // namespace newsarc::serve
