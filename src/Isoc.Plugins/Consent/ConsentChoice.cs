namespace Isoc.Plugins.Consent;

/// <summary>A visitor's choice as the consent cookie carries it.</summary>
/// <param name="Granted">The optional categories allowed; necessary is implied and never listed.</param>
/// <param name="Revision">The consent revision the choice was made under.</param>
/// <param name="ConsentId">A random id that ties the cookie to its server-side records; nothing else about the visitor.</param>
/// <param name="ChosenAt">When the choice was made, to the second.</param>
public sealed record ConsentChoice(IReadOnlySet<ConsentCategory> Granted, int Revision, Guid ConsentId, DateTimeOffset ChosenAt)
{
    public bool IsGranted(ConsentCategory category) => category == ConsentCategory.Necessary || Granted.Contains(category);

    public IEnumerable<ConsentCategory> Denied => ConsentCategories.Optional.Where(c => !Granted.Contains(c));
}
