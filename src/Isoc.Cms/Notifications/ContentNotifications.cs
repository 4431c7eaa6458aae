using Isoc.Cms.Content;

namespace Isoc.Cms.Notifications;

public sealed class ContentSavingNotification(ContentItem content, string user) : CancelableNotification
{
    public ContentItem Content { get; } = content;
    public string User { get; } = user;
}

public sealed class ContentSavedNotification(ContentItem content, string user) : INotification
{
    public ContentItem Content { get; } = content;
    public string User { get; } = user;
}

public sealed class ContentPublishingNotification(ContentItem content, IReadOnlyList<string> cultures, string user) : CancelableNotification
{
    public ContentItem Content { get; } = content;
    public IReadOnlyList<string> Cultures { get; } = cultures;
    public string User { get; } = user;
}

public sealed class ContentPublishedNotification(ContentItem content, IReadOnlyList<string> cultures, string user) : INotification
{
    public ContentItem Content { get; } = content;
    public IReadOnlyList<string> Cultures { get; } = cultures;
    public string User { get; } = user;
}

public sealed class ContentUnpublishingNotification(ContentItem content, IReadOnlyList<string> cultures, string user) : CancelableNotification
{
    public ContentItem Content { get; } = content;
    public IReadOnlyList<string> Cultures { get; } = cultures;
    public string User { get; } = user;
}

public sealed class ContentUnpublishedNotification(ContentItem content, IReadOnlyList<string> cultures, string user) : INotification
{
    public ContentItem Content { get; } = content;
    public IReadOnlyList<string> Cultures { get; } = cultures;
    public string User { get; } = user;
}

public sealed class ContentMovingNotification(ContentItem content, Guid? newParentKey, string user) : CancelableNotification
{
    public ContentItem Content { get; } = content;
    public Guid? NewParentKey { get; } = newParentKey;
    public string User { get; } = user;
}

public sealed class ContentMovedNotification(ContentItem content, Guid? oldParentKey, string user) : INotification
{
    public ContentItem Content { get; } = content;
    public Guid? OldParentKey { get; } = oldParentKey;
    public string User { get; } = user;
}

public sealed class ContentMovingToRecycleBinNotification(ContentItem content, string user) : CancelableNotification
{
    public ContentItem Content { get; } = content;
    public string User { get; } = user;
}

public sealed class ContentMovedToRecycleBinNotification(ContentItem content, string user) : INotification
{
    public ContentItem Content { get; } = content;
    public string User { get; } = user;
}

public sealed class ContentRestoredNotification(ContentItem content, string user) : INotification
{
    public ContentItem Content { get; } = content;
    public string User { get; } = user;
}

public sealed class ContentSortedNotification(Guid? parentKey, IReadOnlyList<Guid> orderedKeys, string user) : INotification
{
    public Guid? ParentKey { get; } = parentKey;
    public IReadOnlyList<Guid> OrderedKeys { get; } = orderedKeys;
    public string User { get; } = user;
}

public sealed class ContentDeletingNotification(ContentItem content, string user) : CancelableNotification
{
    public ContentItem Content { get; } = content;
    public string User { get; } = user;
}

public sealed class ContentDeletedNotification(ContentItem content, string user) : INotification
{
    public ContentItem Content { get; } = content;
    public string User { get; } = user;
}

public sealed class ContentRolledBackNotification(ContentItem content, long fromVersionId, string user) : INotification
{
    public ContentItem Content { get; } = content;
    public long FromVersionId { get; } = fromVersionId;
    public string User { get; } = user;
}

/// <summary>A copy was made: <see cref="Content"/> is the new node, <see cref="SourceKey"/> the one it was copied from.</summary>
public sealed class ContentCopiedNotification(ContentItem content, Guid sourceKey, string user) : INotification
{
    public ContentItem Content { get; } = content;
    public Guid SourceKey { get; } = sourceKey;
    public string User { get; } = user;
}
