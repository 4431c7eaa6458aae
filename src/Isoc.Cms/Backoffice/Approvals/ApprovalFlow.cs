using Isoc.Cms.Audit;
using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Microsoft.EntityFrameworkCore;

namespace Isoc.Cms.Backoffice.Approvals;

public enum ApprovalStatus
{
    /// <summary>A writer sent the draft of this language; an editor has not published or rejected it yet.</summary>
    Pending,

    /// <summary>An editor sent it back with a comment; it stays so until the writer sends it again or someone publishes.</summary>
    Rejected,
}

/// <summary>Where one language of one node stands in the approval flow.</summary>
public sealed record ApprovalItem(
    Guid NodeKey,
    string NodeName,
    string Culture,
    ApprovalStatus Status,
    string RequestedBy,
    DateTime RequestedAt,
    string? RejectedBy,
    DateTime? RejectedAt,
    string? Comment);

/// <summary>
/// "Send for approval": a writer asks for the draft of a language to be published; editors publish or reject it.
/// The state is not a table of its own: it is read from the audit log, where every request, rejection and publish
/// is written anyway. So the engine's schema does not change, the state survives restarts and every node, and the
/// log shows the whole conversation. A publish of that language, by anyone, ends the request.
/// </summary>
public interface IApprovals
{
    Task<OperationResult> RequestAsync(ContentItem item, string culture, string user, CancellationToken cancellationToken);

    Task<OperationResult> RejectAsync(ContentItem item, string culture, string? comment, string user, CancellationToken cancellationToken);

    /// <summary>Every language of every node (not in the bin) whose last approval step is a request or a rejection.</summary>
    Task<IReadOnlyList<ApprovalItem>> ListAsync(Guid? nodeKey, CancellationToken cancellationToken);

    Task<int> CountPendingAsync(CancellationToken cancellationToken);
}

internal sealed class ApprovalFlow(CmsDbContext db, IAuditLog audit, ContentTypeRegistry types) : IApprovals
{
    public const string RequestAction = "approval-request";
    public const string RejectAction = "approval-reject";
    public const string PublishAction = "publish";
    public const int MaxCommentLength = 500;

    public async Task<OperationResult> RequestAsync(ContentItem item, string culture, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Trashed)
        {
            return OperationResult.NotAllowed("Content in the recycle bin cannot be sent for approval.");
        }

        if (Canonical(item, culture) is not { } canonical)
        {
            return OperationResult.Invalid([new PropertyError("culture", culture, $"The site has no language '{culture}'.")]);
        }

        if (item.GetName(canonical) is null)
        {
            return OperationResult.NotAllowed($"There is nothing to approve in {canonical}: save the page in that language first.");
        }

        var current = (await ListAsync(item.Key, cancellationToken)).FirstOrDefault(a => a.Culture == canonical);
        if (current is { Status: ApprovalStatus.Pending })
        {
            return OperationResult.Conflict($"This page is already waiting for approval in {canonical} (sent by {current.RequestedBy}).");
        }

        await audit.WriteAsync(user, RequestAction, item, canonical, cancellationToken);
        return OperationResult.Ok(item);
    }

    public async Task<OperationResult> RejectAsync(ContentItem item, string culture, string? comment, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        comment = comment?.Trim();
        if (string.IsNullOrEmpty(comment))
        {
            return OperationResult.Invalid([new PropertyError("comment", culture, "Say what the writer should change: the comment is required.")]);
        }

        if (comment.Length > MaxCommentLength)
        {
            return OperationResult.Invalid([new PropertyError("comment", culture, $"Keep the comment under {MaxCommentLength} characters (it has {comment.Length}).")]);
        }

        var canonical = Canonical(item, culture);
        var current = (await ListAsync(item.Key, cancellationToken)).FirstOrDefault(a => a.Culture == canonical);
        if (canonical is null || current is not { Status: ApprovalStatus.Pending })
        {
            return OperationResult.NotAllowed("This page is not waiting for approval in that language any more.");
        }

        // "culture: comment" — a culture code never holds a colon, so the split on reading is exact.
        await audit.WriteAsync(user, RejectAction, item, $"{canonical}: {comment}", cancellationToken);
        return OperationResult.Ok(item);
    }

    public async Task<IReadOnlyList<ApprovalItem>> ListAsync(Guid? nodeKey, CancellationToken cancellationToken)
    {
        var requested = db.AuditEntries.Where(e => e.Action == RequestAction && (nodeKey == null || e.NodeKey == nodeKey)).Select(e => e.NodeKey);
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => requested.Contains(e.NodeKey) && (e.Action == RequestAction || e.Action == RejectAction || e.Action == PublishAction))
            .OrderBy(e => e.Id)
            .ToListAsync(cancellationToken);
        if (entries.Count == 0)
        {
            return [];
        }

        var state = new Dictionary<(Guid, string), ApprovalItem>();
        foreach (var entry in entries)
        {
            var key = entry.NodeKey!.Value;
            switch (entry.Action)
            {
                case RequestAction when entry.Detail is { } culture:
                    state[(key, culture)] = new ApprovalItem(key, entry.NodeName ?? "(no name)", culture, ApprovalStatus.Pending, entry.User, entry.At, null, null, null);
                    break;
                case RejectAction when entry.Detail is { } detail:
                    var colon = detail.IndexOf(':', StringComparison.Ordinal);
                    var rejectedCulture = colon < 0 ? detail : detail[..colon];
                    if (state.TryGetValue((key, rejectedCulture), out var open))
                    {
                        state[(key, rejectedCulture)] = open with { Status = ApprovalStatus.Rejected, RejectedBy = entry.User, RejectedAt = entry.At, Comment = colon < 0 ? null : detail[(colon + 1)..].Trim() };
                    }

                    break;
                case PublishAction:
                    foreach (var published in (entry.Detail ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    {
                        state.Remove((key, published));
                    }

                    break;
            }
        }

        var keys = state.Keys.Select(k => k.Item1).Distinct().ToList();
        var live = await db.ContentNodes.AsNoTracking().Where(n => keys.Contains(n.Key) && !n.Trashed).Select(n => n.Key).ToListAsync(cancellationToken);
        return [.. state.Values.Where(a => live.Contains(a.NodeKey)).OrderBy(a => a.RequestedAt)];
    }

    public async Task<int> CountPendingAsync(CancellationToken cancellationToken) =>
        (await ListAsync(null, cancellationToken)).Count(a => a.Status == ApprovalStatus.Pending);

    /// <summary>The language a request is about: the one asked for, or the default for a type that does not vary.</summary>
    private string? Canonical(ContentItem item, string culture)
    {
        var type = types.Get(item.ContentTypeAlias);
        return type is { VariesByCulture: false } ? types.DefaultLanguage.IsoCode : types.NormalizeCulture(culture);
    }
}
