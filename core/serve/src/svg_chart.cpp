// render_line_chart: axes, grid lines, a polyline and points per series, a legend; colours from a fixed palette.
#include "newsarc/serve/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "newsarc/serve/html.hpp"

namespace newsarc::serve {
namespace {

constexpr double kWidth = 760;
constexpr double kHeight = 260;
constexpr double kLeft = 52;
constexpr double kRight = 16;
constexpr double kTop = 28;
constexpr double kBottom = 44;
constexpr const char* kPalette[] = {"#0b5cad", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0e7490", "#a16207",
                                    "#be185d"};

std::string fixed(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

std::string tick_label(double value, bool percent) {
    char text[32];
    if (percent) {
        std::snprintf(text, sizeof text, "%.0f%%", value * 100);
    } else if (value == std::floor(value)) {
        std::snprintf(text, sizeof text, "%.0f", value);
    } else {
        std::snprintf(text, sizeof text, "%.1f", value);
    }
    return text;
}

} // namespace

std::string render_line_chart(const LineChart& chart) {
    double top = 0;
    bool any = false;
    for (const auto& series : chart.series) {
        for (const auto& value : series.values) {
            if (value) {
                top = std::max(top, *value);
                any = true;
            }
        }
    }
    if (!any || chart.x_labels.empty()) {
        return "<p class=\"muted\">" + escape(chart.title) + ": no data yet</p>";
    }
    // Counts get whole-number ticks: the top is rounded up to a multiple of the four grid steps.
    top = chart.y_max.value_or(chart.percent ? std::max(top, 1.0) : std::max(4.0, std::ceil(top / 4) * 4));
    const double plot_width = kWidth - kLeft - kRight;
    const double plot_height = kHeight - kTop - kBottom;
    const std::size_t points = chart.x_labels.size();
    const auto x_at = [&](std::size_t i) {
        return kLeft + (points == 1 ? plot_width / 2 : plot_width * static_cast<double>(i) /
                                                           static_cast<double>(points - 1));
    };
    const auto y_at = [&](double value) { return kTop + plot_height * (1 - std::clamp(value / top, 0.0, 1.0)); };

    std::string svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + fixed(kWidth) +
                      " " + fixed(kHeight + 18.0 * static_cast<double>((chart.series.size() + 3) / 4)) +
                      "\" role=\"img\" aria-label=\"" + escape(chart.title) + "\">\n<title>" + escape(chart.title) +
                      "</title>\n";
    svg += "<text x=\"" + fixed(kLeft) + "\" y=\"16\" font-weight=\"600\">" + escape(chart.title) + "</text>\n";
    for (int tick = 0; tick <= 4; ++tick) {
        const double value = top * tick / 4.0;
        const double y = y_at(value);
        svg += "<line x1=\"" + fixed(kLeft) + "\" x2=\"" + fixed(kWidth - kRight) + "\" y1=\"" + fixed(y) +
               "\" y2=\"" + fixed(y) + "\" stroke=\"#e5e9ed\"/>\n";
        svg += "<text x=\"" + fixed(kLeft - 6) + "\" y=\"" + fixed(y + 4) + "\" text-anchor=\"end\">" +
               tick_label(value, chart.percent) + "</text>\n";
    }
    const std::size_t every = std::max<std::size_t>(1, (points + 7) / 8);
    for (std::size_t i = 0; i < points; ++i) {
        // Every `every`-th label, and the last one when it does not crowd the one before it.
        if (i % every == 0 || (i + 1 == points && i % every >= (every + 1) / 2)) {
            svg += "<text x=\"" + fixed(x_at(i)) + "\" y=\"" + fixed(kHeight - kBottom + 16) +
                   "\" text-anchor=\"middle\">" + escape(chart.x_labels[i]) + "</text>\n";
        }
    }
    svg += "<line x1=\"" + fixed(kLeft) + "\" x2=\"" + fixed(kLeft) + "\" y1=\"" + fixed(kTop) + "\" y2=\"" +
           fixed(kHeight - kBottom) + "\" stroke=\"#8a96a3\"/>\n";
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
        const ChartSeries& series = chart.series[s];
        const char* colour = kPalette[s % std::size(kPalette)];
        std::string line;
        std::string dots;
        for (std::size_t i = 0; i < series.values.size() && i < points; ++i) {
            if (!series.values[i]) {
                continue;
            }
            const std::string x = fixed(x_at(i));
            const std::string y = fixed(y_at(*series.values[i]));
            line += (line.empty() ? "" : " ") + x + "," + y;
            dots += "<circle cx=\"" + x + "\" cy=\"" + y + "\" r=\"2.5\" fill=\"" + colour + "\"><title>" +
                    escape(series.name) + " " + escape(chart.x_labels[i]) + ": " +
                    tick_label(*series.values[i], chart.percent) + "</title></circle>\n";
        }
        svg += "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + std::string(colour) + "\" points=\"" + line +
               "\"/>\n" + dots;
        const double legend_x = kLeft + 180.0 * static_cast<double>(s % 4);
        const double legend_y = kHeight + 4 + 18.0 * static_cast<double>(s / 4);
        svg += "<rect x=\"" + fixed(legend_x) + "\" y=\"" + fixed(legend_y - 9) + "\" width=\"10\" height=\"10\" fill=\"" +
               colour + "\"/><text x=\"" + fixed(legend_x + 14) + "\" y=\"" + fixed(legend_y) + "\">" +
               escape(series.name) + "</text>\n";
    }
    svg += "</svg>";
    return svg;
}

} // namespace newsarc::serve
