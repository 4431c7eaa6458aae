using Isoc.Cms;
using Isoc.Cms.Backoffice;
using Isoc.Cms.Sync;
using Isoc.Plugins;
using Isoc.Plugins.Analytics;
using Isoc.Plugins.Consent;
using Isoc.Plugins.Forms;
using Isoc.Plugins.Mail;
using Isoc.Plugins.Policies;
using Isoc.Web.Bench;
using Isoc.Web.Site;

var builder = WebApplication.CreateBuilder(args);

builder.AddIsocCms();
builder.AddIsocBackoffice();
builder.AddIsocDeliveryApi();
builder.AddIsocPlugins(new PoliciesPlugin(), new ConsentPlugin(), new AnalyticsPlugin(), new MailPlugin(), new FormsPlugin());
builder.AddIsocSite();

var app = builder.Build();

// `dotnet run --project src/Isoc.Web -- usync export <folder>` writes the database back as uSync files.
if (args is ["usync", ..])
{
    return await app.RunUSyncCommandAsync(args[1..]);
}

app.UseIsocSite();
app.MapIsocBackoffice();
app.MapIsocMedia();
app.MapIsocPlugins();
app.MapBenchEndpoints();
app.MapIsocDeliveryApi();
app.MapIsocSite();

await app.RunAsync();
return 0;

/// <summary>The host's entry point; public so integration tests can start it with WebApplicationFactory.</summary>
public partial class Program;
