// MetricsText: name checks, label escaping and number spelling of the Prometheus text format.
#include "newsarc/serve/prometheus.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace newsarc::serve {
namespace {

bool valid_name(std::string_view name, bool colon_allowed) {
    if (name.empty()) {
        return false;
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon_allowed && c == ':');
        const bool digit = c >= '0' && c <= '9';
        if (!letter && !(digit && i > 0)) {
            return false;
        }
    }
    return !name.starts_with("__");
}

/// HELP text escapes backslash and line feed only.
std::string escape_help(std::string_view help) {
    std::string out;
    for (const char c : help) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string number(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "+Inf" : "-Inf";
    }
    char text[64];
    if (value == std::floor(value) && std::fabs(value) < 1e15) {
        std::snprintf(text, sizeof text, "%.0f", value);
    } else {
        std::snprintf(text, sizeof text, "%.17g", value);
    }
    return text;
}

} // namespace

std::string escape_label_value(std::string_view value) {
    std::string out;
    for (const char c : value) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

MetricFamily& MetricsText::family(std::string name, std::string help, MetricFamily::Type type) {
    for (MetricFamily& existing : families_) {
        if (existing.name == name) {
            if (existing.type != type) {
                throw std::invalid_argument("metric '" + name + "' added as two types");
            }
            return existing;
        }
    }
    if (!valid_name(name, true)) {
        throw std::invalid_argument("'" + name + "' is not a Prometheus metric name");
    }
    families_.push_back(MetricFamily{std::move(name), std::move(help), type, {}});
    return families_.back();
}

void MetricsText::add(std::string_view name, std::string_view help, MetricFamily::Type type, MetricLabels labels,
                      double value) {
    for (const auto& [label, ignored] : labels) {
        if (!valid_name(label, false)) {
            throw std::invalid_argument("'" + label + "' is not a Prometheus label name (metric " +
                                        std::string(name) + ")");
        }
    }
    family(std::string(name), std::string(help), type).samples.push_back({std::move(labels), value});
}

std::string MetricsText::render() const {
    std::string out;
    for (const MetricFamily& family : families_) {
        out += "# HELP " + family.name + " " + escape_help(family.help) + "\n";
        out += "# TYPE " + family.name + (family.type == MetricFamily::Type::counter ? " counter\n" : " gauge\n");
        for (const auto& sample : family.samples) {
            out += family.name;
            if (!sample.labels.empty()) {
                out += '{';
                for (std::size_t i = 0; i < sample.labels.size(); ++i) {
                    out += (i == 0 ? "" : ",") + sample.labels[i].first + "=\"" +
                           escape_label_value(sample.labels[i].second) + "\"";
                }
                out += '}';
            }
            out += " " + number(sample.value) + "\n";
        }
    }
    return out;
}

} // namespace newsarc::serve
