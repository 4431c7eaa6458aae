using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Isoc.Plugins.Analytics;

/// <summary>
/// Server-rendered SVG bar charts: no script, no third-party library, nothing fetched. Each chart is an image
/// with a title and a description (role="img"); the dashboard puts the same numbers in a table beside it.
/// </summary>
public static class AnalyticsChart
{
    private const int Width = 720;
    private const int PlotTop = 16;
    private const int PlotLeft = 48;
    private const int PlotRight = 8;

    /// <summary>Vertical bars, one per day, with the largest value and the first and last dates on the axes.</summary>
    public static IHtmlContent DailyBars(string id, string title, string description, IReadOnlyList<(DateOnly Day, long Value)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        const int height = 240;
        const int plotBottom = height - 28;
        var max = Math.Max(1, points.Count == 0 ? 1 : points.Max(p => p.Value));
        var plotWidth = Width - PlotLeft - PlotRight;
        var slot = points.Count == 0 ? plotWidth : plotWidth / (double)points.Count;
        var svg = Start(id, title, description, height);
        Axis(svg, PlotLeft, plotBottom, Width - PlotRight, max);
        for (var i = 0; i < points.Count; i++)
        {
            var (day, value) = points[i];
            var barHeight = (plotBottom - PlotTop) * value / (double)max;
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"chart-bar\" x=\"{F(PlotLeft + (i * slot) + (slot * 0.15))}\" y=\"{F(plotBottom - barHeight)}\" width=\"{F(slot * 0.7)}\" height=\"{F(barHeight)}\" fill=\"#1d5fa8\">")
                .Append("<title>").Append(Encode(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ": " + value.ToString("N0", CultureInfo.InvariantCulture))).Append("</title></rect>");
        }

        if (points.Count > 0)
        {
            Label(svg, PlotLeft, height - 8, points[0].Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "start");
            Label(svg, Width - PlotRight, height - 8, points[^1].Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "end");
        }

        return End(svg);
    }

    /// <summary>Horizontal bars, one per label, longest first, with each value written at the bar's end.</summary>
    public static IHtmlContent HorizontalBars(string id, string title, string description, IReadOnlyList<(string Label, long Value)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        const int rowHeight = 24;
        const int labelWidth = 260;
        var height = Math.Max(1, rows.Count) * rowHeight + PlotTop;
        var max = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Value));
        var barSpace = Width - labelWidth - 80;
        var svg = Start(id, title, description, height);
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, value) = rows[i];
            var y = PlotTop / 2 + (i * rowHeight);
            var shown = label.Length > 40 ? label[..39] + "…" : label;
            Label(svg, labelWidth - 8, y + 16, shown, "end");
            var barWidth = barSpace * value / (double)max;
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"chart-bar\" x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{F(barWidth)}\" height=\"{rowHeight - 8}\" fill=\"#1d5fa8\"></rect>");
            Label(svg, labelWidth + barWidth + 6, y + 16, value.ToString("N0", CultureInfo.InvariantCulture), "start");
        }

        return End(svg);
    }

    private static StringBuilder Start(string id, string title, string description, int height)
    {
        var svg = new StringBuilder(4096);
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"{Encode(id)}-title {Encode(id)}-desc\" xmlns=\"http://www.w3.org/2000/svg\">")
            .Append("<title id=\"").Append(Encode(id)).Append("-title\">").Append(Encode(title)).Append("</title>")
            .Append("<desc id=\"").Append(Encode(id)).Append("-desc\">").Append(Encode(description)).Append("</desc>");
        return svg;
    }

    private static HtmlString End(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    private static void Axis(StringBuilder svg, int left, int bottom, int right, long max)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{PlotTop}\" x2=\"{left}\" y2=\"{bottom}\" stroke=\"#555\"></line>")
            .Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\" stroke=\"#555\"></line>");
        Label(svg, left - 6, PlotTop + 10, max.ToString("N0", CultureInfo.InvariantCulture), "end");
        Label(svg, left - 6, bottom, "0", "end");
    }

    private static void Label(StringBuilder svg, double x, double y, string text, string anchor) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{F(y)}\" text-anchor=\"{anchor}\" font-size=\"12\" fill=\"#222\">").Append(Encode(text)).Append("</text>");

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
