using System.Collections.Immutable;
using System.Globalization;
using Isoc.Cms.Content;
using Isoc.Cms.Publishing;
using Microsoft.EntityFrameworkCore;

namespace Isoc.Plugins.Policies;

/// <summary>
/// The privacy policy's versions, for pages, notices, consent and the Delivery API. Reads come from memory (all
/// versions are loaded at start and after every write on this node); "current" and "upcoming" are worked out
/// from the <see cref="TimeProvider"/> on every read, so a future-dated version becomes current on its date by itself.
/// </summary>
public interface IPolicyVersions
{
    /// <summary>Today (UTC): a version takes effect at the start of its effective date.</summary>
    DateOnly Today { get; }

    /// <summary>The site's privacy policy: the first published node of the policy type (by level, then order).</summary>
    PublishedContent? PolicyNode(PublishedSnapshot snapshot);

    /// <summary>Every version of a policy node, oldest first.</summary>
    IReadOnlyList<PolicyVersion> All(Guid nodeKey);

    PolicyVersion? Find(Guid nodeKey, DateOnly effectiveDate);

    /// <summary>The newest version whose effective date has arrived.</summary>
    PolicyVersion? Current(Guid nodeKey);

    /// <summary>The next version whose effective date is still to come, announced in advance.</summary>
    PolicyVersion? Upcoming(Guid nodeKey);

    /// <summary>The version before another (what it changed), or null for the first.</summary>
    PolicyVersion? Previous(Guid nodeKey, DateOnly effectiveDate);
}

internal sealed class PolicyVersionStore(IPoliciesDbContextFactory contexts, TimeProvider time) : IPolicyVersions
{
    public const string PolicyTypeAlias = "privacyPolicy";
    public const string BodyAlias = "bodyText";
    public const string EffectiveDateAlias = "effectiveDate";
    public const string SummaryAlias = "changeSummary";
    public const string MaterialAlias = "materialChange";

    private volatile Loaded _loaded = Loaded.Empty;

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public PublishedContent? PolicyNode(PublishedSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Nodes.Values
            .Where(n => n.ContentTypeAlias == PolicyTypeAlias)
            .OrderBy(n => n.Level)
            .ThenBy(n => n.SortOrder)
            .FirstOrDefault();
    }

    public IReadOnlyList<PolicyVersion> All(Guid nodeKey) =>
        _loaded.ByNode.TryGetValue(nodeKey, out var versions) ? versions : [];

    public PolicyVersion? Find(Guid nodeKey, DateOnly effectiveDate) =>
        All(nodeKey).FirstOrDefault(v => v.EffectiveDate == effectiveDate);

    public PolicyVersion? Current(Guid nodeKey)
    {
        var today = Today;
        return All(nodeKey).LastOrDefault(v => v.EffectiveDate <= today);
    }

    public PolicyVersion? Upcoming(Guid nodeKey)
    {
        var today = Today;
        return All(nodeKey).FirstOrDefault(v => v.EffectiveDate > today);
    }

    public PolicyVersion? Previous(Guid nodeKey, DateOnly effectiveDate) =>
        All(nodeKey).LastOrDefault(v => v.EffectiveDate < effectiveDate);

    /// <summary>How many material changes (after each policy's first version) have taken effect by today.</summary>
    public int MaterialChangesInEffect()
    {
        var today = Today;
        var count = 0;
        foreach (var date in _loaded.MaterialDates)
        {
            if (date > today)
            {
                break;
            }

            count++;
        }

        return count;
    }

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var rows = await db.Versions.AsNoTracking().Include(v => v.Texts).ToListAsync(cancellationToken).ConfigureAwait(false);
            _loaded = Loaded.From(rows);
        }
    }

    /// <summary>
    /// Records what a publish of a policy node put on the site: per effective date, a new version, a language added
    /// to it, or a correction of it (same date, same URL). Publishing the same text again changes nothing.
    /// </summary>
    public async Task<IReadOnlyList<(PolicyVersion Version, PolicyVersionChange Change, IReadOnlyList<string> Cultures)>> RecordAsync(
        PublishedContent node, IReadOnlyCollection<string> cultures, string user, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(cultures);
        var byDate = cultures
            .Select(c => node.Cultures.TryGetValue(c, out var variant) ? variant : null)
            .OfType<PublishedCulture>()
            .Select(v => (Variant: v, Date: ParseDate(v.Value(EffectiveDateAlias))))
            .Where(x => x.Date is not null)
            .GroupBy(x => x.Date!.Value)
            .ToList();
        var changes = new List<(long Id, PolicyVersionChange Change, IReadOnlyList<string> Cultures)>();
        foreach (var group in byDate)
        {
            // Two editors publishing the same new date at once: the unique index refuses the second insert, which then corrects.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    if (await RecordOneAsync(node.Key, group.Key, group.Select(g => g.Variant).ToList(), user, now, cancellationToken).ConfigureAwait(false) is { } change)
                    {
                        changes.Add(change);
                    }

                    break;
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                }
            }
        }

        if (changes.Count == 0)
        {
            return [];
        }

        await ReloadAsync(cancellationToken).ConfigureAwait(false);
        return changes
            .Select(c => (All(node.Key).First(v => v.Id == c.Id), c.Change, c.Cultures))
            .ToList();
    }

    private async Task<(long Id, PolicyVersionChange Change, IReadOnlyList<string> Cultures)?> RecordOneAsync(
        Guid nodeKey, DateOnly date, List<PublishedCulture> variants, string user, DateTime now, CancellationToken cancellationToken)
    {
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var material = variants.Any(v => PropertyEditors.ParseBoolean(v.Value(MaterialAlias)));
            var row = await db.Versions.Include(v => v.Texts)
                .FirstOrDefaultAsync(v => v.NodeKey == nodeKey && v.EffectiveDate == date, cancellationToken).ConfigureAwait(false);
            PolicyVersionChange change;
            if (row is null)
            {
                row = new PolicyVersionEntity
                {
                    NodeKey = nodeKey,
                    EffectiveDate = date,
                    Material = material,
                    PublishedAt = now,
                    PublishedBy = user,
                    UpdatedAt = now,
                    UpdatedBy = user,
                    Texts = variants.Select(TextOf).ToList(),
                };
                db.Versions.Add(row);
                change = PolicyVersionChange.Created;
            }
            else
            {
                var corrected = row.Material != material;
                var translated = false;
                row.Material = material;
                foreach (var variant in variants)
                {
                    var text = TextOf(variant);
                    var stored = row.Texts.FirstOrDefault(t => t.Culture == variant.Culture);
                    if (stored is null)
                    {
                        row.Texts.Add(text);
                        translated = true;
                    }
                    else if (stored.Name != text.Name || stored.Summary != text.Summary || stored.Body != text.Body)
                    {
                        (stored.Name, stored.Summary, stored.Body) = (text.Name, text.Summary, text.Body);
                        corrected = true;
                    }
                }

                if (!corrected && !translated)
                {
                    return null;
                }

                row.UpdatedAt = now;
                row.UpdatedBy = user;
                row.Corrections += corrected ? 1 : 0;
                change = corrected ? PolicyVersionChange.Corrected : PolicyVersionChange.Translated;
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return (row.Id, change, variants.Select(v => v.Culture).ToList());
        }
    }

    private static PolicyVersionTextEntity TextOf(PublishedCulture variant) => new()
    {
        Culture = variant.Culture,
        Name = variant.Name,
        Summary = string.IsNullOrWhiteSpace(variant.Value(SummaryAlias)) ? null : variant.Value(SummaryAlias)!.Trim(),
        Body = variant.Value(BodyAlias) ?? "",
    };

    /// <summary>The effective date property ("2011-12-15" or "2011-12-15T00:00:00"), as a calendar date.</summary>
    public static DateOnly? ParseDate(string? value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? DateOnly.FromDateTime(date)
            : null;

    /// <summary>One immutable load of every version, swapped in whole.</summary>
    private sealed record Loaded(ImmutableDictionary<Guid, ImmutableArray<PolicyVersion>> ByNode, ImmutableArray<DateOnly> MaterialDates)
    {
        public static Loaded Empty { get; } = new(ImmutableDictionary<Guid, ImmutableArray<PolicyVersion>>.Empty, []);

        public static Loaded From(IEnumerable<PolicyVersionEntity> rows)
        {
            var byNode = rows
                .Select(r => new PolicyVersion(
                    r.Id, r.NodeKey, r.EffectiveDate, r.Material, r.PublishedAt, r.PublishedBy, r.UpdatedAt, r.UpdatedBy, r.Corrections,
                    r.Texts.ToImmutableDictionary(t => t.Culture, t => new PolicyText(t.Culture, t.Name, t.Summary, t.Body), StringComparer.OrdinalIgnoreCase)))
                .GroupBy(v => v.NodeKey)
                .ToImmutableDictionary(g => g.Key, g => g.OrderBy(v => v.EffectiveDate).ToImmutableArray());
            // A policy's first version is where consent starts, not a change of it.
            var material = byNode.Values.SelectMany(vs => vs.Skip(1)).Where(v => v.Material).Select(v => v.EffectiveDate).Order().ToImmutableArray();
            return new Loaded(byNode, material);
        }
    }
}
