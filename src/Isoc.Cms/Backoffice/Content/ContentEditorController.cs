using Isoc.Cms.Content;
using Isoc.Cms.Publishing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Isoc.Cms.Backoffice.Content;

/// <summary>What the editor form posts: the culture edited, the revision it started from, the name and the values.</summary>
public sealed class ContentEditorForm
{
    public string Culture { get; set; } = "";

    public int Revision { get; set; }

    [System.ComponentModel.DataAnnotations.DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? Name { get; set; } = "";

    public Dictionary<string, string?> Values { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>"save", "publish" or "unpublish": the button pressed.</summary>
    public string Action { get; set; } = "save";
}

/// <summary>
/// The content editor: one page per node and culture, built from its document type. Writers save; publishing
/// and unpublishing need the Publish policy, checked here on the server whatever the page offered.
/// </summary>
[Route(BackofficeAuthentication.BasePath + "/content")]
[Authorize(Policy = BackofficePolicies.Access)]
[AutoValidateAntiforgeryToken]
public sealed class ContentEditorController(IContentService content, ContentTypeRegistry types, IAuthorizationService authorization) : Controller
{
    private const string EditView = "~/Backoffice/Views/Content/Edit.cshtml";

    [HttpGet("{key:guid}")]
    public async Task<IActionResult> Edit(Guid key, string? culture, CancellationToken cancellationToken)
    {
        var item = await content.GetAsync(key, cancellationToken);
        if (item is null || types.Get(item.ContentTypeAlias) is not { } type)
        {
            return NotFound();
        }

        var model = ContentEditorModel.Build(item, type, Culture(culture), types.Languages);
        return View(EditView, await CompleteAsync(model, TempData["Message"] as string, isError: false, cancellationToken));
    }

    [HttpPost("{key:guid}")]
    public async Task<IActionResult> Edit(Guid key, ContentEditorForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var item = await content.GetAsync(key, cancellationToken);
        if (item is null || types.Get(item.ContentTypeAlias) is not { } type)
        {
            return NotFound();
        }

        var culture = Culture(form.Culture);
        var publishing = form.Action is "publish" or "unpublish";
        if (publishing && !(await authorization.AuthorizeAsync(User, BackofficePolicies.Publish)).Succeeded)
        {
            return Forbid();
        }

        var user = User.Identity?.Name ?? "unknown";
        if (form.Action == "unpublish")
        {
            var unpublished = await content.UnpublishAsync(key, culture, user, cancellationToken);
            return await AfterAsync(unpublished, $"Unpublished in {culture}.");
        }

        if (string.IsNullOrWhiteSpace(form.Name))
        {
            // A language variant is saved with its name or not at all; clearing it must not drop the stored one.
            return await ShowAgainAsync(OperationResult.Invalid([new PropertyError(ContentValidator.NameAlias, culture, $"Enter a name for this page in {culture}.")]));
        }

        var edit = new ContentEdit { ExpectedRevision = form.Revision }.WithName(culture, (form.Name ?? "").Trim());
        foreach (var property in type.Properties)
        {
            if (form.Values.TryGetValue(property.Alias, out var value))
            {
                edit.WithValue(property.Alias, property.EditorAlias == PropertyEditors.TrueFalse ? (value is "1" or "true" ? "1" : "0") : value, ContentEditorModel.CultureOf(property, type, culture));
            }
            else if (property.EditorAlias == PropertyEditors.TrueFalse)
            {
                // An unticked checkbox sends nothing.
                edit.WithValue(property.Alias, "0", ContentEditorModel.CultureOf(property, type, culture));
            }
        }

        var saved = await content.SaveAsync(key, edit, user, cancellationToken);
        if (!saved.Success)
        {
            return await ShowAgainAsync(saved);
        }

        if (form.Action != "publish")
        {
            return await AfterAsync(saved, "Saved. Visitors still see the published version.");
        }

        var published = await content.PublishAsync(key, [culture], user, cancellationToken);
        return await AfterAsync(published, $"Published in {culture}: visitors see it now.");

        async Task<IActionResult> AfterAsync(OperationResult result, string message)
        {
            if (!result.Success)
            {
                return await ShowAgainAsync(result);
            }

            TempData["Message"] = message;
            return RedirectToAction(nameof(Edit), new { key, culture });
        }

        async Task<IActionResult> ShowAgainAsync(OperationResult result)
        {
            // Nothing was lost: the form comes back with what the editor typed and each message beside its field.
            var current = await content.GetAsync(key, cancellationToken) ?? item;
            var model = ContentEditorModel.Build(current with { Revision = form.Revision }, type, culture, types.Languages, form.Values, form.Name ?? "", result.Errors);
            var message = result.Status switch
            {
                OperationStatus.Conflict => "Someone else saved this page after you opened it. Your changes are below but not saved: copy what you need, then reload the page to see theirs.",
                OperationStatus.ValidationFailed => "Nothing was saved: correct the fields marked below.",
                _ => result.Message ?? "That did not work.",
            };
            Response.StatusCode = result.Status == OperationStatus.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            return View(EditView, await CompleteAsync(model, message, isError: true, cancellationToken));
        }
    }

    private async Task<ContentEditorModel> CompleteAsync(ContentEditorModel model, string? message, bool isError, CancellationToken cancellationToken)
    {
        var versions = await content.GetVersionsAsync(model.Item.Key, cancellationToken);
        return new ContentEditorModel
        {
            Item = model.Item,
            Type = model.Type,
            Culture = model.Culture,
            Languages = model.Languages,
            Name = model.Name,
            NameError = model.NameError,
            Groups = model.Groups,
            Message = message,
            MessageIsError = isError,
            CanPublish = (await authorization.AuthorizeAsync(User, BackofficePolicies.Publish)).Succeeded,
            VersionCount = versions.Count,
        };
    }

    private string Culture(string? requested) => types.NormalizeCulture(requested) ?? types.DefaultLanguage.IsoCode;
}
