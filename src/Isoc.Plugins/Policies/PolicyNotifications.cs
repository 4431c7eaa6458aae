using Isoc.Cms.Notifications;
using Isoc.Cms.Publishing;
using Microsoft.Extensions.Logging;

namespace Isoc.Plugins.Policies;

/// <summary>
/// A privacy policy version was published: a new one, a language added to it, or a correction. The mailings
/// side subscribes to this (with <c>AddNotificationHandler</c>) to tell members; a correction or translation
/// usually needs no mail, which is why <see cref="Change"/> says which it was.
/// </summary>
public sealed class PolicyVersionPublishedNotification(PolicyVersion version, PolicyVersionChange change, IReadOnlyList<string> cultures, string user) : INotification
{
    public PolicyVersion Version { get; } = version;
    public PolicyVersionChange Change { get; } = change;

    /// <summary>The languages this publish concerned.</summary>
    public IReadOnlyList<string> Cultures { get; } = cultures;

    public string User { get; } = user;
}

/// <summary>Records a version on every publish of a privacy policy node, then raises <see cref="PolicyVersionPublishedNotification"/>.</summary>
internal sealed partial class PolicyPublishedHandler(
    PolicyVersionStore store,
    IPublishedSnapshotAccessor snapshots,
    INotificationPublisher notifications,
    TimeProvider time,
    ILogger<PolicyPublishedHandler> logger) : INotificationHandler<ContentPublishedNotification>
{
    public async Task HandleAsync(ContentPublishedNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Content.ContentTypeAlias != PolicyVersionStore.PolicyTypeAlias)
        {
            return;
        }

        // The engine refreshes the snapshot before it raises "published": the snapshot holds exactly what visitors now see.
        if (!snapshots.Current.Nodes.TryGetValue(notification.Content.Key, out var node))
        {
            return;
        }

        var changes = await store.RecordAsync(node, notification.Cultures, notification.User, time.GetUtcNow().UtcDateTime, cancellationToken).ConfigureAwait(false);
        foreach (var (version, change, cultures) in changes)
        {
            Log.Recorded(logger, version.Label, change, string.Join(",", cultures), notification.User);
            await notifications.PublishAsync(new PolicyVersionPublishedNotification(version, change, cultures, notification.User), cancellationToken).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Privacy policy version {Version}: {Change} in {Cultures} by {User}.")]
        public static partial void Recorded(ILogger logger, string version, PolicyVersionChange change, string cultures, string user);
    }
}
