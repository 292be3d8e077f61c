// Inline SVG line charts for the health page (articles per day per site, extraction success over runs): drawn
// on the server, so the page needs no JavaScript and no file beside it.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace newsarc::serve {

/// One line of a chart: a name for the legend and one value per x position (nullopt: no point there).
struct ChartSeries {
    std::string name;
    std::vector<std::optional<double>> values;
};

struct LineChart {
    std::string title;                 ///< read by screen readers (<title>) and shown above the plot
    std::vector<std::string> x_labels; ///< one per x position; shown thinned out when many
    std::vector<ChartSeries> series;
    std::optional<double> y_max;       ///< the top of the y axis; default: the largest value (at least 1)
    bool percent = false;              ///< values are shares 0..1, labelled as percentages
};

/// The chart as an <svg> element (every text escaped); a short "no data" note when no series has a value.
std::string render_line_chart(const LineChart& chart);

} // namespace newsarc::serve
