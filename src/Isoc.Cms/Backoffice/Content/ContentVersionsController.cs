using Isoc.Cms.Content;
using Isoc.Cms.Publishing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Isoc.Cms.Backoffice.Content;

public sealed record VersionHistory(ContentItem Item, string Name, IReadOnlyList<ContentVersionInfo> Versions);

/// <summary>One property's comparison between two versions, paragraph by paragraph.</summary>
public sealed record PropertyComparison(string Label, IReadOnlyList<DiffBlock> Blocks)
{
    public bool Changed => Blocks.Any(b => b.Change != DiffPlex.DiffBuilder.Model.ChangeType.Unchanged);
}

public sealed record VersionComparison(ContentItem Item, string Culture, ContentVersionInfo From, ContentVersionInfo To, IReadOnlyList<PropertyComparison> Properties);

/// <summary>
/// The history of a node: every version with who and when, a readable comparison of any two, and rollback,
/// which makes a new draft from an old version (nothing is overwritten, the history only grows).
/// </summary>
[Route(BackofficeAuthentication.BasePath + "/content/{key:guid}/versions")]
[Authorize(Policy = BackofficePolicies.Access)]
[AutoValidateAntiforgeryToken]
public sealed class ContentVersionsController(IContentService content, ContentTypeRegistry types) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> History(Guid key, CancellationToken cancellationToken)
    {
        var item = await content.GetAsync(key, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        var versions = await content.GetVersionsAsync(key, cancellationToken);
        var name = item.GetName(types.DefaultLanguage.IsoCode) ?? item.Names.Values.FirstOrDefault() ?? "(no name)";
        return View("~/Backoffice/Views/Content/Versions.cshtml", new VersionHistory(item, name, versions));
    }

    [HttpGet("compare")]
    public async Task<IActionResult> Compare(Guid key, long from, long to, string? culture, CancellationToken cancellationToken)
    {
        var versions = await content.GetVersionsAsync(key, cancellationToken);
        var fromInfo = versions.FirstOrDefault(v => v.Id == from);
        var toInfo = versions.FirstOrDefault(v => v.Id == to);
        if (fromInfo is null || toInfo is null)
        {
            return Problem(title: "Unknown version", detail: "Choose two versions of this page to compare.", statusCode: StatusCodes.Status400BadRequest);
        }

        var before = await content.GetVersionAsync(key, from, cancellationToken);
        var after = await content.GetVersionAsync(key, to, cancellationToken);
        if (before is null || after is null || types.Get(after.ContentTypeAlias) is not { } type)
        {
            return NotFound();
        }

        var selected = types.NormalizeCulture(culture) ?? types.DefaultLanguage.IsoCode;
        var properties = new List<PropertyComparison> { new("Name", TextDiff.Compare(before.GetName(selected), after.GetName(selected))) };
        foreach (var property in type.Properties.OrderBy(p => p.SortOrder))
        {
            var valueCulture = ContentEditorModel.CultureOf(property, type, selected);
            properties.Add(new PropertyComparison(property.Name, TextDiff.Compare(before.GetValue(property.Alias, valueCulture), after.GetValue(property.Alias, valueCulture))));
        }

        return View("~/Backoffice/Views/Content/Compare.cshtml", new VersionComparison(after, selected, fromInfo, toInfo, properties));
    }

    [HttpPost("{versionId:long}/rollback")]
    public async Task<IActionResult> Rollback(Guid key, long versionId, CancellationToken cancellationToken)
    {
        var result = await content.RollbackAsync(key, versionId, User.Identity?.Name ?? "unknown", cancellationToken);
        if (result.Status == OperationStatus.NotFound)
        {
            return NotFound();
        }

        if (!result.Success)
        {
            return Problem(title: "Rollback refused", detail: result.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        TempData["Message"] = "Rolled back: the old version is now the draft. Publish it to show it to visitors.";
        return RedirectToAction(nameof(ContentEditorController.Edit), "ContentEditor", new { key });
    }
}
