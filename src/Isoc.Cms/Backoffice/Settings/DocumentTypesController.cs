using System.Text.RegularExpressions;
using Isoc.Cms.Data;
using Isoc.Cms.Settings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Isoc.Cms.Backoffice.Settings;

public sealed record DocumentTypeListModel(IReadOnlyList<DocumentTypeState> Types, string? Message, bool MessageIsError);

public sealed record DocumentTypeEditModel(
    Guid? Key,
    DocumentTypeForm Form,
    int ContentCount,
    IReadOnlyList<DocumentTypeEntity> OtherTypes,
    IReadOnlyList<DataTypeEntity> DataTypes,
    IReadOnlyDictionary<string, string> Errors,
    string? Message,
    bool MessageIsError)
{
    public string? Error(string field) => Errors.TryGetValue(field, out var message) ? message : null;
}

/// <summary>Document types in the settings section: administrators list, create, change and delete them.</summary>
[Route(BackofficeAuthentication.BasePath + "/settings/document-types")]
[Authorize(Policy = BackofficePolicies.Administer)]
[AutoValidateAntiforgeryToken]
public sealed partial class DocumentTypesController(DocumentTypeService service, CmsDbContext db) : Controller
{
    private const string ListView = "~/Backoffice/Views/Settings/DocumentTypes.cshtml";
    private const string EditView = "~/Backoffice/Views/Settings/DocumentType.cshtml";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(ListView, new DocumentTypeListModel(await service.ListAsync(cancellationToken), TempData["Message"] as string, TempData["MessageIsError"] is true));

    [HttpGet("create")]
    public async Task<IActionResult> Create(CancellationToken cancellationToken)
    {
        var form = new DocumentTypeForm { VariesByCulture = true, Groups = [new DocumentTypeForm.GroupRow { Alias = "content", Name = "Content" }] }.WithBlankRows();
        return View(EditView, await ModelAsync(null, form, 0, new Dictionary<string, string>(), null, false, cancellationToken));
    }

    [HttpPost("create")]
    public Task<IActionResult> Create(DocumentTypeForm form, CancellationToken cancellationToken) => SaveAsync(null, form, cancellationToken);

    [HttpGet("{key:guid}")]
    public async Task<IActionResult> Edit(Guid key, CancellationToken cancellationToken)
    {
        if (await service.GetAsync(key, cancellationToken) is not { } state)
        {
            return NotFound();
        }

        return View(EditView, await ModelAsync(key, DocumentTypeForm.From(state.Type, state.Token), state.ContentCount, new Dictionary<string, string>(), TempData["Message"] as string, false, cancellationToken));
    }

    [HttpPost("{key:guid}")]
    public Task<IActionResult> Edit(Guid key, DocumentTypeForm form, CancellationToken cancellationToken) => SaveAsync(key, form, cancellationToken);

    [HttpPost("{key:guid}/delete")]
    public async Task<IActionResult> Delete(Guid key, string? token, CancellationToken cancellationToken)
    {
        var result = await service.DeleteAsync(key, token, User.Identity?.Name ?? "unknown", cancellationToken);
        if (result.Status == SettingsStatus.NotFound)
        {
            return NotFound();
        }

        if (result.Success)
        {
            TempData["Message"] = result.Message;
            return RedirectToAction(nameof(Index));
        }

        // Refused: the type's page again, with why.
        var state = (await service.GetAsync(key, cancellationToken))!;
        Response.StatusCode = result.Status == SettingsStatus.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return View(EditView, await ModelAsync(key, DocumentTypeForm.From(state.Type, state.Token), state.ContentCount, new Dictionary<string, string>(), result.Message, true, cancellationToken));
    }

    private async Task<IActionResult> SaveAsync(Guid? key, DocumentTypeForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (type, groupRows, propertyRows) = form.Normalise().ToEntity();
        var result = await service.SaveAsync(key, type, form.Token, User.Identity?.Name ?? "unknown", cancellationToken);
        if (result.Success)
        {
            TempData["Message"] = result.Message;
            return RedirectToAction(nameof(Edit), new { key = result.Key });
        }

        if (result.Status == SettingsStatus.NotFound)
        {
            return NotFound();
        }

        // Errors name rows of the type as saved; the form may have had removed or blank rows in between.
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, message) in result.Errors)
        {
            errors[RowIndex().Replace(field, m =>
            {
                var index = int.Parse(m.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
                var rows = m.Groups["list"].Value == "Groups" ? groupRows : propertyRows;
                return $"{m.Groups["list"].Value}[{(index < rows.Count ? rows[index] : index)}]";
            })] = message;
        }

        var count = key is { } k ? (await service.GetAsync(k, cancellationToken))?.ContentCount ?? 0 : 0;
        Response.StatusCode = result.Status == SettingsStatus.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return View(EditView, await ModelAsync(key, form.WithBlankRows(), count, errors, result.Message, true, cancellationToken));
    }

    private async Task<DocumentTypeEditModel> ModelAsync(Guid? key, DocumentTypeForm form, int contentCount, IReadOnlyDictionary<string, string> errors, string? message, bool isError, CancellationToken cancellationToken)
    {
        var types = await db.DocumentTypes.AsNoTracking().Where(t => key == null || t.Key != key).ToListAsync(cancellationToken);
        var dataTypes = await db.DataTypes.AsNoTracking().ToListAsync(cancellationToken);
        return new DocumentTypeEditModel(
            key,
            form,
            contentCount,
            [.. types.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)],
            [.. dataTypes.Where(d => Isoc.Cms.Content.PropertyEditors.Known.Contains(d.EditorAlias)).OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase)],
            errors,
            message,
            isError);
    }

    [GeneratedRegex(@"^(?<list>Groups|Properties)\[(?<index>\d+)\]")]
    private static partial Regex RowIndex();
}
