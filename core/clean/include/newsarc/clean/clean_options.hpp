// Which cleaning steps run: every step is on by default and can be switched off (a job file's [clean] table).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace newsarc::clean {

/// The steps of clean_article(), all on by default. Lines are always trimmed and empty ones dropped; the rule
/// steps match best on normalised text, so switching `unicode` off weakens them. Script conversion is off
/// unless `convert` names an OpenCC configuration.
struct CleanOptions {
    bool unicode = true;        ///< NFC, odd spaces to ' ', zero-width characters, entities and tag remnants
    bool pinyin = true;         ///< drop pinyin annotations: 個(gè) -> 個
    bool repairs = true;        ///< the literal repairs of the rule files ([[repair]]: known mojibake)
    bool stuffed_words = true;  ///< cut stuffed spam words out of sentences ([[stuffed_word]])
    bool boilerplate = true;    ///< the line rules of the rule files ([[rule]])
    bool seo_spam = true;       ///< drop keyword-spam lines
    bool title_repeat = true;   ///< drop body lines repeating the title (and tidy the title from them)
    bool repeated_lines = true; ///< drop short unpunctuated lines that occur more than once
    bool fill_fields = true;    ///< take date, source and author from lines of the text ([[field]], [time])
    bool main_block = true;     ///< keep only the main content block, cutting the chrome around it
    std::string convert;        ///< "" (off), or an OpenCC configuration name: "t2s", "s2t", "tw2s", ...

    /// Switches a step by its name as a job file writes it ("unicode", "pinyin", "repairs", "stuffed_words",
    /// "boilerplate", "seo_spam", "title_repeat", "repeated_lines", "fill_fields", "main_block"). Returns false for
    /// an unknown name.
    bool set_step(std::string_view name, bool enabled);

    /// The names set_step() accepts, in pipeline order.
    static std::vector<std::string> step_names();
};

} // namespace newsarc::clean
