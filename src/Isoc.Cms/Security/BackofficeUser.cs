using Microsoft.AspNetCore.Identity;

namespace Isoc.Cms.Security;

/// <summary>A person who works in the backoffice. Members of the site are a separate identity.</summary>
public sealed class BackofficeUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

public static class BackofficeRoles
{
    public const string Administrator = "administrator";
    public const string Editor = "editor";
    public const string Writer = "writer";

    public static readonly IReadOnlyList<string> All = [Administrator, Editor, Writer];
}
