// The corpus text format shared by import/export, the cleaning module and plugin output:
//   title \n \n "YYYY-MM-DD HH:MM" + 4 x U+00A0 + " " + source \n \n paragraph \n \n paragraph ...
// UTF-8, LF only, no trailing newline. A text without this header is a body with no title.
#pragma once
#include <string>
#include <string_view>

namespace newsarc::archive {

/// One document as the corpus format carries it.
struct CorpusRecord {
    std::string title;        ///< line 1; empty means "no header" (render gives the body alone)
    std::string published_at; ///< stored form "YYYY-MM-DDTHH:MM:SS+08:00" (see time.hpp); empty when unknown
    std::string source;       ///< the publisher named after the time, e.g. "观察者网"; may be empty
    std::string body;         ///< paragraphs separated by "\n\n"; never ends in a newline in corpus files
};

/// The separator between the time and the source on line 3: four U+00A0 then one ASCII space.
inline constexpr std::string_view kCorpusTimeSeparator = "\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0 ";

/// Splits a corpus text. The header is recognised only when the text starts with a non-empty title line,
/// an empty line, a line "YYYY-MM-DD HH:MM" (valid date and time) + kCorpusTimeSeparator + a source without
/// a newline, and then either the end of the text or an empty line followed by a non-empty body. Anything else gives
/// title, published_at and source empty and body = the whole text. Never fails, never alters bytes:
/// for every text t, render_corpus(parse_corpus(t)) == t.
CorpusRecord parse_corpus(std::string_view text);

/// The corpus text of a record. With an empty title the result is the body alone. With a title, the header
/// is written (published_at shown as "YYYY-MM-DD HH:MM" in China time; an empty or unparsable published_at
/// leaves the time part empty, which parse_corpus then does not recognise as a header) followed, when the
/// body is not empty, by "\n\n" + body. Title and source must not contain a newline.
std::string render_corpus(const CorpusRecord& record);

/// As render_corpus, appending to `out` (lets a loop reuse one buffer).
void render_corpus_to(const CorpusRecord& record, std::string& out);

/// As render_corpus over views of the four fields, appending to `out` (no copy of the fields).
void render_corpus_to(std::string_view title, std::string_view published_at, std::string_view source,
                      std::string_view body, std::string& out);

/// The corpus form "YYYY-MM-DD HH:MM" (China time) of a published_at value in any form parse_time accepts;
/// empty when it does not parse.
std::string corpus_time(std::string_view published_at);

} // namespace newsarc::archive
