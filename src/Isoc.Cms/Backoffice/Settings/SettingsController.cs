using Isoc.Cms.Sync;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Isoc.Cms.Backoffice.Settings;

public sealed record USyncPageModel(
    string Folder,
    USyncExportReport? Export = null,
    USyncImportPreview? Preview = null,
    USyncImportResult? Imported = null,
    string? Error = null);

/// <summary>
/// The settings section's start page, and uSync on request: export writes document types, data types, languages
/// and content to the uSync folder and lists the files that changed; import first shows what it would do.
/// </summary>
[Route(BackofficeAuthentication.BasePath + "/settings")]
[Authorize(Policy = BackofficePolicies.Administer)]
[AutoValidateAntiforgeryToken]
public sealed class SettingsController(
    IUSyncExporter exporter,
    IUSyncImporter importer,
    USyncFolder folders,
    IOptions<USyncOptions> options,
    IHostEnvironment environment) : Controller
{
    private const string USyncView = "~/Backoffice/Views/Settings/USync.cshtml";

    [HttpGet("")]
    public IActionResult Index() => View("~/Backoffice/Views/Settings/Index.cshtml");

    [HttpGet("usync")]
    public IActionResult USync() => View(USyncView, new USyncPageModel(Folder()));

    [HttpPost("usync/export")]
    public async Task<IActionResult> Export(CancellationToken cancellationToken)
    {
        var report = await exporter.ExportWithReportAsync(Folder(), cancellationToken);
        return View(USyncView, new USyncPageModel(Folder(), Export: report));
    }

    [HttpPost("usync/preview")]
    public async Task<IActionResult> Preview(CancellationToken cancellationToken)
    {
        try
        {
            return View(USyncView, new USyncPageModel(Folder(), Preview: await importer.PreviewAsync(Folder(), cancellationToken)));
        }
        catch (USyncImportException ex)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(USyncView, new USyncPageModel(Folder(), Error: "The files cannot be imported, nothing would change: " + ex.Message));
        }
    }

    [HttpPost("usync/import")]
    public async Task<IActionResult> Import(CancellationToken cancellationToken)
    {
        try
        {
            return View(USyncView, new USyncPageModel(Folder(), Imported: await importer.ImportAsync(Folder(), cancellationToken)));
        }
        catch (USyncImportException ex)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(USyncView, new USyncPageModel(Folder(), Error: "Nothing was imported: " + ex.Message));
        }
    }

    /// <summary>The uSync folder found at start, else the configured one, else uSync/ under the content root.</summary>
    private string Folder() =>
        folders.Resolve()
        ?? Path.GetFullPath(string.IsNullOrWhiteSpace(options.Value.RootFolder) ? "uSync" : options.Value.RootFolder, environment.ContentRootPath);
}
