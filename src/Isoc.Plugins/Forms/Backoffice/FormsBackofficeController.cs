using Isoc.Cms.Backoffice;
using Isoc.Cms.Sync;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Isoc.Plugins.Forms.Backoffice;

public sealed record FormsIndexView(IReadOnlyList<FormDefinition> Forms, IReadOnlyDictionary<string, int> Counts, string? Message);

public sealed record FormEntriesView(FormDefinition Form, FormEntryPage Entries, IReadOnlyList<FormWorkflowJob> Failed, string? Search, string? Message);

public sealed record FormDefinitionView(FormDefinition Form, string Xml, string? Error, string? Message);

/// <summary>
/// Forms in the backoffice: the list, entries per form with search, CSV export, workflow status and retry
/// (editors and administrators); the definition's XML, editable, and export to uSync (administrators).
/// </summary>
[Route(BackofficeAuthentication.BasePath + "/forms")]
[Authorize(Policy = BackofficePolicies.Publish)]
[AutoValidateAntiforgeryToken]
public sealed class FormsBackofficeController(IFormCatalog catalog, IFormEntries entries, IFormsSync sync, USyncFolder usync, TimeProvider time) : Controller
{
    public const int PageSize = 50;
    private const string ViewsPath = "~/Forms/Backoffice/Views/";

    [HttpGet("")]
    public async Task<IActionResult> Index(string? message, CancellationToken cancellationToken)
    {
        var counts = await entries.CountsAsync(cancellationToken);
        var forms = catalog.All.OrderBy(f => f.Name[FormDefinition.DefaultCulture] ?? f.Alias, StringComparer.CurrentCulture).ToList();
        return View(ViewsPath + "Index.cshtml", new FormsIndexView(forms, counts, message));
    }

    [HttpGet("{alias}")]
    public async Task<IActionResult> Entries(string alias, string? search, int page, string? message, CancellationToken cancellationToken)
    {
        if (catalog.Find(alias) is not { } form)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        var found = await entries.SearchAsync(form.Alias, search is { Length: > 200 } ? search[..200] : search, page, PageSize, cancellationToken);
        var failed = await entries.FailedJobsAsync(form.Alias, cancellationToken);
        return View(ViewsPath + "Entries.cshtml", new FormEntriesView(form, found, failed, search, message));
    }

    [HttpGet("{alias}/entries.csv")]
    public async Task<IActionResult> Csv(string alias, CancellationToken cancellationToken)
    {
        if (catalog.Find(alias) is not { } form)
        {
            return NotFound();
        }

        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{form.Alias}-entries-{time.GetUtcNow():yyyyMMdd-HHmmss}.csv\"";
        Response.Headers.CacheControl = "no-store";
        var writer = new StreamWriter(Response.Body, FormEntries.CsvEncoding, bufferSize: 16 * 1024, leaveOpen: true);
        await using (writer)
        {
            await entries.WriteCsvAsync(form, writer, cancellationToken);
        }

        return new EmptyResult();
    }

    [HttpPost("{alias}/jobs/{id:long}/retry")]
    public async Task<IActionResult> Retry(string alias, long id, CancellationToken cancellationToken)
    {
        if (catalog.Find(alias) is not { } form)
        {
            return NotFound();
        }

        var retried = await entries.RetryAsync(form.Alias, id, cancellationToken);
        return RedirectToAction(nameof(Entries), new { alias = form.Alias, message = retried ? $"Workflow job {id} will run again shortly." : $"Job {id} cannot be retried (it is running or done)." });
    }

    [HttpGet("{alias}/definition")]
    [Authorize(Policy = BackofficePolicies.Administer)]
    public IActionResult Definition(string alias, string? message) =>
        catalog.Find(alias) is { } form
            ? View(ViewsPath + "Definition.cshtml", new FormDefinitionView(form, FormXml.Write(form), null, message))
            : NotFound();

    [HttpPost("{alias}/definition")]
    [Authorize(Policy = BackofficePolicies.Administer)]
    public async Task<IActionResult> SaveDefinition(string alias, [FromForm] string? xml, CancellationToken cancellationToken)
    {
        if (catalog.Find(alias) is not { } form)
        {
            return NotFound();
        }

        xml ??= "";
        try
        {
            if (xml.Length > 500_000)
            {
                throw new FormDefinitionException("The definition is longer than 500,000 characters.");
            }

            var edited = FormXml.Parse(xml, "definition");
            if (edited.Key != form.Key)
            {
                throw new FormDefinitionException("The Key must stay the same: it identifies the form and its entries.");
            }

            await sync.SaveAsync(edited, cancellationToken);
            return RedirectToAction(nameof(Definition), new { alias = edited.Alias, message = "Saved. Export to uSync to keep the change in source control." });
        }
        catch (FormDefinitionException ex)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(ViewsPath + "Definition.cshtml", new FormDefinitionView(form, xml, ex.Message, null));
        }
    }

    [HttpPost("export")]
    [Authorize(Policy = BackofficePolicies.Administer)]
    public async Task<IActionResult> Export(CancellationToken cancellationToken)
    {
        if (usync.Resolve() is not { } folder)
        {
            return RedirectToAction(nameof(Index), new { message = "No uSync folder is configured (Isoc:USync:RootFolder)." });
        }

        var count = await sync.ExportAsync(folder, cancellationToken);
        return RedirectToAction(nameof(Index), new { message = $"Exported {count} forms to {FormsSync.FolderOf(folder)}." });
    }
}
