using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Isoc.Cms.Publishing;

namespace Isoc.Cms.Delivery;

/// <summary>A query's matches in order, and whether its fetch target existed.</summary>
internal sealed record DeliveryQueryResult(bool TargetFound, PublishedContent[] Items);

/// <summary>
/// Sorted query results per snapshot. A snapshot never changes, so neither does a result computed from it; the
/// results live as long as their snapshot does (a publish swaps in the next one and the old results are collected
/// with it). At most <see cref="MaxEntriesPerSnapshot"/> queries are kept per snapshot, so odd queries cannot fill memory.
/// </summary>
internal sealed class DeliveryQueryCache
{
    public const int MaxEntriesPerSnapshot = 2000;

    private readonly ConditionalWeakTable<PublishedSnapshot, ConcurrentDictionary<string, DeliveryQueryResult>> _bySnapshot = [];

    public DeliveryQueryResult GetOrAdd(PublishedSnapshot snapshot, string key, Func<DeliveryQueryResult> run)
    {
        var results = _bySnapshot.GetValue(snapshot, _ => new ConcurrentDictionary<string, DeliveryQueryResult>(StringComparer.Ordinal));
        if (results.TryGetValue(key, out var result))
        {
            return result;
        }

        result = run();
        if (results.Count < MaxEntriesPerSnapshot)
        {
            results.TryAdd(key, result);
        }

        return result;
    }
}
