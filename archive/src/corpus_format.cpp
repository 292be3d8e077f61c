// The corpus text format: a strict header parser (so rendering gives back the exact bytes) and its renderer.
#include "newsarc/archive/corpus_format.hpp"

#include "newsarc/archive/time.hpp"

namespace newsarc::archive {
namespace {

bool all_digits(std::string_view text) noexcept {
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

/// True when `text` is exactly "YYYY-MM-DD HH:MM" with a valid date and time.
bool is_corpus_time(std::string_view text) {
    if (text.size() != 16 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':') {
        return false;
    }
    if (!all_digits(text.substr(0, 4)) || !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2)) ||
        !all_digits(text.substr(11, 2)) || !all_digits(text.substr(14, 2))) {
        return false;
    }
    return parse_time(text).has_value();
}

/// "YYYY-MM-DDTHH:MM:SS+08:00" already in the stored form (the common case, no parsing needed).
bool is_stored_form(std::string_view text) noexcept {
    return text.size() == 25 && text[10] == 'T' && text.substr(19) == "+08:00";
}

/// Appends the corpus form of `published_at` (nothing when it does not parse).
void append_corpus_time(std::string_view published_at, std::string& out) {
    if (is_stored_form(published_at)) {
        out.append(published_at.substr(0, 10)).append(" ").append(published_at.substr(11, 5));
        return;
    }
    const auto parsed = parse_time(published_at);
    if (parsed) {
        const std::string iso = format_iso(*parsed);
        out.append(std::string_view(iso).substr(0, 10)).append(" ").append(std::string_view(iso).substr(11, 5));
    }
}

} // namespace

CorpusRecord parse_corpus(std::string_view text) {
    CorpusRecord record;
    const std::size_t title_end = text.find('\n');
    const bool header_shape = title_end != std::string_view::npos && title_end > 0 &&
                              text.substr(title_end, 2) == "\n\n";
    if (header_shape) {
        const std::size_t line3 = title_end + 2;
        std::size_t line3_end = text.find('\n', line3);
        if (line3_end == std::string_view::npos) {
            line3_end = text.size();
        }
        const std::string_view line = text.substr(line3, line3_end - line3);
        const std::string_view rest = text.substr(line3_end);
        const bool rest_ok = rest.empty() || (rest.size() > 2 && rest.substr(0, 2) == "\n\n");
        if (rest_ok && line.size() >= 16 + kCorpusTimeSeparator.size() &&
            line.substr(16, kCorpusTimeSeparator.size()) == kCorpusTimeSeparator && is_corpus_time(line.substr(0, 16))) {
            const std::string_view time = line.substr(0, 16);
            record.title.assign(text.substr(0, title_end));
            record.published_at.reserve(25);
            record.published_at.append(time.substr(0, 10)).append("T").append(time.substr(11, 5)).append(":00+08:00");
            record.source.assign(line.substr(16 + kCorpusTimeSeparator.size()));
            if (!rest.empty()) {
                record.body.assign(rest.substr(2));
            }
            return record;
        }
    }
    record.body.assign(text);
    return record;
}

std::string corpus_time(std::string_view published_at) {
    std::string shown;
    append_corpus_time(published_at, shown);
    return shown;
}

void render_corpus_to(std::string_view title, std::string_view published_at, std::string_view source,
                      std::string_view body, std::string& out) {
    if (title.empty()) {
        out.append(body);
        return;
    }
    out.append(title).append("\n\n");
    append_corpus_time(published_at, out);
    out.append(kCorpusTimeSeparator).append(source);
    if (!body.empty()) {
        out.append("\n\n").append(body);
    }
}

void render_corpus_to(const CorpusRecord& record, std::string& out) {
    render_corpus_to(record.title, record.published_at, record.source, record.body, out);
}

std::string render_corpus(const CorpusRecord& record) {
    std::string out;
    out.reserve(record.title.size() + record.source.size() + record.body.size() + 48);
    render_corpus_to(record, out);
    return out;
}

} // namespace newsarc::archive
