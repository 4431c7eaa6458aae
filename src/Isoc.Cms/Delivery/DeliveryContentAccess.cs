using System.Security.Claims;
using Isoc.Cms.Publishing;

namespace Isoc.Cms.Delivery;

/// <summary>
/// Whether a reader may see a published item through the Delivery API. The engine has no member access rules yet,
/// so the default lets everyone read everything; the members feature replaces this service (public access rules per
/// page or branch) and the API then leaves protected items out of queries and answers 404 for them, as Umbraco does
/// when member authentication is not enabled.
/// </summary>
public interface IDeliveryContentAccess
{
    bool CanRead(PublishedContent content, ClaimsPrincipal user);
}

/// <summary>Nothing is protected: every published item is public.</summary>
internal sealed class PublicDeliveryContentAccess : IDeliveryContentAccess
{
    public bool CanRead(PublishedContent content, ClaimsPrincipal user) => true;
}
