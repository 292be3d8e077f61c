// The Prometheus text exposition format (version 0.0.4), written by one renderer for `newsarc serve` and the
// daemon's /metrics: HELP and TYPE once per family, escaped label values, one family per metric name.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsarc::serve {

using MetricLabels = std::vector<std::pair<std::string, std::string>>; ///< name -> value, in order

/// One metric family: a name (newsarc_...), its help and type, and its samples.
struct MetricFamily {
    enum class Type : unsigned char { counter = 1, gauge = 2 };
    std::string name; ///< [a-zA-Z_:][a-zA-Z0-9_:]*; counters end in _total
    std::string help;
    Type type = Type::gauge;
    struct Sample {
        MetricLabels labels;
        double value = 0;
    };
    std::vector<Sample> samples;
};

/// Collects families and renders them. Adding a family whose name is already there merges the samples into
/// the first one (one family per metric); a different type or a bad metric or label name is a programmer error
/// and throws std::invalid_argument naming it.
class MetricsText {
public:
    MetricFamily& family(std::string name, std::string help, MetricFamily::Type type);
    void add(std::string_view name, std::string_view help, MetricFamily::Type type, MetricLabels labels, double value);

    /// "# HELP name help\n# TYPE name counter|gauge\nname{l=\"v\"} 12\n..." for every family, in the order added.
    [[nodiscard]] std::string render() const;

private:
    std::vector<MetricFamily> families_;
};

/// A label value escaped as the format requires: backslash, double quote and line feed.
std::string escape_label_value(std::string_view value);

/// The content type Prometheus scrapes text with.
inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

} // namespace newsarc::serve
