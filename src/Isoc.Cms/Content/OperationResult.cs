namespace Isoc.Cms.Content;

public enum OperationStatus
{
    Success,
    NotFound,
    ValidationFailed,
    Cancelled,
    NotAllowed,
    Conflict,
}

/// <summary>A validation message for one property (or the node name, alias "name") in one culture ("" when invariant).</summary>
public sealed record PropertyError(string Alias, string Culture, string Message);

/// <summary>The outcome of a write. Failures never throw for expected reasons: they say what is wrong.</summary>
public sealed record OperationResult
{
    public required OperationStatus Status { get; init; }
    public string? Message { get; init; }
    public IReadOnlyList<PropertyError> Errors { get; init; } = [];
    public ContentItem? Content { get; init; }

    public bool Success => Status == OperationStatus.Success;

    public static OperationResult Ok(ContentItem? content = null) => new() { Status = OperationStatus.Success, Content = content };

    public static OperationResult NotFound(Guid key) => new() { Status = OperationStatus.NotFound, Message = $"No content with key {key}." };

    public static OperationResult Invalid(IReadOnlyList<PropertyError> errors, ContentItem? content = null) => new()
    {
        Status = OperationStatus.ValidationFailed,
        Message = "The content is not valid.",
        Errors = errors,
        Content = content,
    };

    public static OperationResult Cancelled(string? message) => new() { Status = OperationStatus.Cancelled, Message = message ?? "Cancelled by a notification handler." };

    public static OperationResult NotAllowed(string message) => new() { Status = OperationStatus.NotAllowed, Message = message };

    public static OperationResult Conflict(string message) => new() { Status = OperationStatus.Conflict, Message = message };
}
