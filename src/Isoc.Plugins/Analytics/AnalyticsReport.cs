using Microsoft.EntityFrameworkCore;

namespace Isoc.Plugins.Analytics;

/// <summary>A period's counts, as the dashboard shows them.</summary>
public sealed record AnalyticsSummary(
    DateOnly From,
    DateOnly To,
    IReadOnlyList<DayCount> Days,
    IReadOnlyList<PageTotal> TopPages,
    IReadOnlyList<ReferrerTotal> TopReferrers)
{
    public long Views => Days.Sum(d => d.Views);

    public long Visitors => Days.Sum(d => d.Visitors);
}

public sealed record PageTotal(string Path, string Culture, long Views);

public sealed record ReferrerTotal(string Host, long Views);

/// <summary>Reads the counts back for the dashboard.</summary>
public interface IAnalyticsReport
{
    /// <summary>The <paramref name="days"/> days up to and including <paramref name="lastDay"/>, every day present (zero when nothing was counted).</summary>
    Task<AnalyticsSummary> SummaryAsync(DateOnly lastDay, int days, int top, CancellationToken cancellationToken);
}

internal sealed class AnalyticsReport(IAnalyticsDbContextFactory contexts) : IAnalyticsReport
{
    public async Task<AnalyticsSummary> SummaryAsync(DateOnly lastDay, int days, int top, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var from = lastDay.AddDays(1 - days);
        var to = lastDay;
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var stored = await db.Days.AsNoTracking()
                .Where(d => d.Day >= from && d.Day <= to)
                .ToDictionaryAsync(d => d.Day, cancellationToken).ConfigureAwait(false);
            var series = Enumerable.Range(0, days)
                .Select(i => from.AddDays(i))
                .Select(day => stored.TryGetValue(day, out var count) ? count : new DayCount { Day = day })
                .ToList();

            var pages = await db.PageViews.AsNoTracking()
                .Where(p => p.Day >= from && p.Day <= to)
                .GroupBy(p => new { p.Path, p.Culture })
                .Select(g => new { g.Key.Path, g.Key.Culture, Views = g.Sum(p => p.Views) })
                .OrderByDescending(p => p.Views).ThenBy(p => p.Path)
                .Take(top)
                .ToListAsync(cancellationToken).ConfigureAwait(false);

            var referrers = await db.Referrers.AsNoTracking()
                .Where(r => r.Day >= from && r.Day <= to)
                .GroupBy(r => r.Host)
                .Select(g => new { Host = g.Key, Views = g.Sum(r => r.Views) })
                .OrderByDescending(r => r.Views).ThenBy(r => r.Host)
                .Take(top)
                .ToListAsync(cancellationToken).ConfigureAwait(false);

            return new AnalyticsSummary(
                from,
                to,
                series,
                pages.Select(p => new PageTotal(p.Path, p.Culture, p.Views)).ToList(),
                referrers.Select(r => new ReferrerTotal(r.Host, r.Views)).ToList());
        }
    }
}
