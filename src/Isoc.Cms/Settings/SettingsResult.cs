using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Isoc.Cms.Settings;

public enum SettingsStatus
{
    Ok,
    Invalid,
    Conflict,
    NotFound,
    NotAllowed,
}

/// <summary>
/// The outcome of a settings write. Errors are keyed by the form field they belong beside ("Alias",
/// "Properties[2].ValidationRegex"), so a page can show each one next to its field.
/// </summary>
public sealed record SettingsResult(SettingsStatus Status, string? Message, IReadOnlyDictionary<string, string> Errors, Guid? Key = null)
{
    private static readonly Dictionary<string, string> NoErrors = [];

    public bool Success => Status == SettingsStatus.Ok;

    public static SettingsResult Ok(Guid key, string message) => new(SettingsStatus.Ok, message, NoErrors, key);

    public static SettingsResult Invalid(IReadOnlyDictionary<string, string> errors) =>
        new(SettingsStatus.Invalid, "Nothing was saved: correct the fields marked below.", errors);

    public static SettingsResult Conflict(string what) =>
        new(SettingsStatus.Conflict, $"Someone else changed this {what} after you opened it. Nothing was saved: reload the page to see their change, then make yours again.", NoErrors);

    public static SettingsResult NotFound() => new(SettingsStatus.NotFound, "It no longer exists.", NoErrors);

    public static SettingsResult NotAllowed(string message) => new(SettingsStatus.NotAllowed, message, NoErrors);
}

/// <summary>
/// A concurrency token for settings rows that have no revision column: a hash of everything stored in the row.
/// Any change by anyone gives another token, so a form posted with the old one is refused as stale.
/// </summary>
public static class SettingsToken
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Of<T>(T value) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value, Json))).AsSpan(0, 16));
}
