using System.Text.Encodings.Web;
using System.Text.Unicode;
using Isoc.Cms.Data;
using Microsoft.Extensions.WebEncoders;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Isoc.Web.Site;

public static class SiteExtensions
{
    /// <summary>The public site: Razor templates per document type, culture routing, redirects, security headers, /health.</summary>
    public static IHostApplicationBuilder AddIsocSite(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddControllersWithViews();

        // Estonian text ("Internetiühing") is written as is, not as character references: pages stay readable and smaller.
        builder.Services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddSingleton<SiteTemplates>();
        builder.Services.AddSingleton<SitePageFactory>();
        builder.Services.AddScoped<CspNonce>();
        builder.Services.AddSingleton<ConsentBannerRenderer>();
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<SnapshotHealthCheck>("published-snapshot");
        return builder;
    }

    /// <summary>
    /// The site's middleware, before routing: errors, security headers, static files. Static files must come
    /// before routing, or the site's catch-all route would claim "/css/site.css" first.
    /// </summary>
    public static WebApplication UseIsocSite(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler();
            app.UseHsts();
        }

        app.UseStatusCodePages();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
                context.Context.Response.Headers.CacheControl = context.Context.Request.Query.ContainsKey("v")
                    ? "public, max-age=31536000, immutable"
                    : "public, max-age=3600",
        });
        app.UseRouting();
        // After routing, so authorization sees the endpoint's policy (backoffice APIs of plugins).
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The site's endpoints: /health and the catch-all page route, which every other endpoint outranks.</summary>
    public static WebApplication MapIsocSite(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health");
        app.MapControllerRoute("site", "{**path}", new { controller = "Site", action = nameof(SiteController.Render) });
        return app;
    }
}

/// <summary>Healthy when the database answers.</summary>
internal sealed class DatabaseHealthCheck(CmsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
}

/// <summary>Healthy once the published snapshot has been built at start.</summary>
internal sealed class SnapshotHealthCheck(Isoc.Cms.Publishing.IPublishedSnapshotAccessor snapshots) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(snapshots.Current.Generation > 0
            ? HealthCheckResult.Healthy($"Generation {snapshots.Current.Generation}, {snapshots.Current.Nodes.Count} published nodes.")
            : HealthCheckResult.Unhealthy("The published snapshot is not built yet."));
}
