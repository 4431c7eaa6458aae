namespace Isoc.Plugins.Consent;

/// <summary>
/// One cookie (or, with a trailing '*', a family of cookies such as "_ga_*") that belongs to a category:
/// when the category is not allowed, the site deletes it from a visitor who carries it. Other plugins
/// register theirs with <see cref="ConsentServiceCollectionExtensions.AddConsentCookie"/>.
/// </summary>
public sealed record ConsentCookieRegistration(ConsentCategory Category, string NamePattern)
{
    public bool Matches(string cookieName)
    {
        ArgumentNullException.ThrowIfNull(cookieName);
        return NamePattern.EndsWith('*')
            ? cookieName.StartsWith(NamePattern[..^1], StringComparison.Ordinal)
            : string.Equals(cookieName, NamePattern, StringComparison.Ordinal);
    }
}

/// <summary>Which cookies belong to which category.</summary>
public sealed class ConsentCookieRegistry(IEnumerable<ConsentCookieRegistration> registrations)
{
    private readonly List<ConsentCookieRegistration> _registrations = registrations.Where(r => r.Category != ConsentCategory.Necessary).ToList();

    public IReadOnlyList<ConsentCookieRegistration> Registrations => _registrations;

    /// <summary>The cookies among <paramref name="cookieNames"/> that belong to a category <paramref name="isAllowed"/> refuses.</summary>
    public IEnumerable<string> Refused(IEnumerable<string> cookieNames, Func<ConsentCategory, bool> isAllowed)
    {
        ArgumentNullException.ThrowIfNull(cookieNames);
        ArgumentNullException.ThrowIfNull(isAllowed);
        foreach (var name in cookieNames)
        {
            if (_registrations.Any(r => r.Matches(name) && !isAllowed(r.Category)))
            {
                yield return name;
            }
        }
    }
}
