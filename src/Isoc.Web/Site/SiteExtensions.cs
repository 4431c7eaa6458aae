namespace Isoc.Web.Site;

public static class SiteExtensions
{
    /// <summary>The public site: Razor templates per document type, culture routing, redirects.</summary>
    public static IHostApplicationBuilder AddIsocSite(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddControllersWithViews();
        return builder;
    }

    public static WebApplication MapIsocSite(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
