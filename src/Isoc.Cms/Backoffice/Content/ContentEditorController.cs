using Isoc.Cms.Content;
using Isoc.Cms.Data;
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

    /// <summary>"save", "publish", "unpublish" or "send" (save and send for approval): the button pressed.</summary>
    public string Action { get; set; } = "save";
}

public sealed record CreateContentModel(ContentItem? Parent, IReadOnlyList<ResolvedContentType> AllowedTypes, string? Error);

/// <summary>
/// The content editor: one page per node and culture, built from its document type. Writers save; publishing
/// and unpublishing need the Publish policy, checked here on the server whatever the page offered.
/// </summary>
[Route(BackofficeAuthentication.BasePath + "/content")]
[Authorize(Policy = BackofficePolicies.Access)]
[AutoValidateAntiforgeryToken]
public sealed class ContentEditorController(IContentService content, ContentTypeRegistry types, IAuthorizationService authorization, Approvals.IApprovals approvals, ContentPickerSource pickerSource, TimeProvider time) : Controller
{
    private const string EditView = "~/Backoffice/Views/Content/Edit.cshtml";
    private const string CreateView = "~/Backoffice/Views/Content/Create.cshtml";

    /// <summary>
    /// Creating starts like Umbraco's: pick a type allowed here, then fill in a new, unsaved editor; nothing
    /// is stored until Save, so mandatory fields can be filled before the first version exists.
    /// </summary>
    [HttpGet("create")]
    public async Task<IActionResult> Create(Guid? parent, string? type, string? culture, CancellationToken cancellationToken)
    {
        var parentItem = parent is { } key ? await content.GetAsync(key, cancellationToken) : null;
        if (parent is not null && parentItem is null)
        {
            return NotFound();
        }

        var allowed = AllowedUnder(parentItem);
        if (type is null)
        {
            return View(CreateView, new CreateContentModel(parentItem, allowed, Error: null));
        }

        if (allowed.FirstOrDefault(t => string.Equals(t.Alias, type, StringComparison.Ordinal)) is not { } chosen)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(CreateView, new CreateContentModel(parentItem, allowed, "Choose one of the document types allowed here."));
        }

        var model = ContentEditorModel.Build(NewItem(chosen, parent), chosen, Culture(culture), types.Languages);
        return View(EditView, await CompleteAsync(model, message: null, isError: false, cancellationToken));
    }

    [HttpPost("create")]
    public async Task<IActionResult> Create(Guid? parent, string? type, ContentEditorForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var parentItem = parent is { } key ? await content.GetAsync(key, cancellationToken) : null;
        if (parent is not null && parentItem is null)
        {
            return NotFound();
        }

        var allowed = AllowedUnder(parentItem);
        if (allowed.FirstOrDefault(t => string.Equals(t.Alias, type, StringComparison.Ordinal)) is not { } chosen)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(CreateView, new CreateContentModel(parentItem, allowed, "Choose one of the document types allowed here."));
        }

        var culture = Culture(form.Culture);
        EditorValues.Translate(chosen, form.Values, Request.Form);
        var publishing = form.Action == "publish";
        if (publishing && !(await authorization.AuthorizeAsync(User, BackofficePolicies.Publish)).Succeeded)
        {
            return Forbid();
        }

        var draft = NewItem(chosen, parent);
        if (string.IsNullOrWhiteSpace(form.Name))
        {
            return await ShowNewAgainAsync(OperationResult.Invalid([new PropertyError(ContentValidator.NameAlias, culture, $"Enter a name for this page in {culture}.")]));
        }

        var user = User.Identity?.Name ?? "unknown";
        var created = await content.CreateAsync(chosen.Alias, parent, EditFrom(form, chosen, culture), user, cancellationToken);
        if (!created.Success)
        {
            return await ShowNewAgainAsync(created);
        }

        var message = "Created. Visitors see it once it is published.";
        if (form.Action == "send")
        {
            var sent = await approvals.RequestAsync(created.Content!, culture, user, cancellationToken);
            message = sent.Success ? $"Created and sent for approval in {culture}." : $"Created, but not sent for approval: {sent.Message}";
        }
        else if (publishing)
        {
            var published = await content.PublishAsync(created.Content!.Key, [culture], user, cancellationToken);
            message = published.Success ? $"Created and published in {culture}." : $"Created, but not published: {published.Message}";
        }

        TempData["Message"] = message;
        return RedirectToAction(nameof(Edit), new { key = created.Content!.Key, culture });

        async Task<IActionResult> ShowNewAgainAsync(OperationResult result)
        {
            var model = ContentEditorModel.Build(draft, chosen, culture, types.Languages, form.Values, form.Name ?? "", result.Errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(EditView, await CompleteAsync(model, "Nothing was saved: correct the fields marked below.", isError: true, cancellationToken));
        }
    }

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
        EditorValues.Translate(type, form.Values, Request.Form);
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

        var edit = EditFrom(form, type, culture) with { ExpectedRevision = form.Revision };
        var saved = await content.SaveAsync(key, edit, user, cancellationToken);
        if (!saved.Success)
        {
            return await ShowAgainAsync(saved);
        }

        if (form.Action == "send")
        {
            var sent = await approvals.RequestAsync(saved.Content!, culture, user, cancellationToken);
            return sent.Success
                ? await AfterAsync(saved, $"Saved and sent for approval in {culture}: an editor will publish it or send it back.")
                : await AfterAsync(saved, $"Saved, but not sent for approval: {sent.Message}");
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

    /// <summary>Schedules a publish or unpublish of the culture shown, at a UTC time in the future (editors and administrators).</summary>
    [HttpPost("{key:guid}/schedule")]
    [Authorize(Policy = BackofficePolicies.Publish)]
    public async Task<IActionResult> Schedule(Guid key, string? culture, string? scheduleAction, string? dueAtUtc, CancellationToken cancellationToken)
    {
        var item = await content.GetAsync(key, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        var selected = Culture(culture);
        string? error = null;
        var action = scheduleAction switch
        {
            "publish" => ScheduledAction.Publish,
            "unpublish" => ScheduledAction.Unpublish,
            _ => (ScheduledAction?)null,
        };
        if (action is null)
        {
            error = "Choose publish or unpublish.";
        }
        else if (!DateTime.TryParse(dueAtUtc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var due))
        {
            error = "Enter the date and time as 2026-12-31T09:00 (UTC).";
        }
        else if (due <= time.GetUtcNow().UtcDateTime)
        {
            error = "That time has passed: choose a time in the future (UTC).";
        }
        else
        {
            var result = await content.ScheduleAsync(key, action.Value, selected, due, User.Identity?.Name ?? "unknown", cancellationToken);
            if (result.Success)
            {
                TempData["Message"] = $"Scheduled: {scheduleAction} in {selected} at {due:yyyy-MM-dd HH:mm} UTC.";
                return RedirectToAction(nameof(Edit), new { key, culture = selected });
            }

            error = result.Message;
        }

        var model = ContentEditorModel.Build(item, types.Get(item.ContentTypeAlias)!, selected, types.Languages);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(EditView, await CompleteAsync(model, "Nothing was scheduled: " + error, isError: true, cancellationToken));
    }

    private async Task<ContentEditorModel> CompleteAsync(ContentEditorModel model, string? message, bool isError, CancellationToken cancellationToken)
    {
        var versions = await content.GetVersionsAsync(model.Item.Key, cancellationToken);
        var isNew = model.Item.Key == Guid.Empty;
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
            Schedule = isNew ? [] : await content.GetScheduleAsync(model.Item.Key, cancellationToken),
            Approval = isNew ? null : (await approvals.ListAsync(model.Item.Key, cancellationToken)).FirstOrDefault(a => a.Culture == (model.Type.VariesByCulture ? model.Culture : types.DefaultLanguage.IsoCode)),
            PickableNodes = model.NeedsPicker ? await pickerSource.GetTreeAsync(model.Culture, types.DefaultLanguage.IsoCode, cancellationToken) : [],
        };
    }

    /// <summary>The edit a posted form means: the name and every property's value in the culture edited (or invariant).</summary>
    private static ContentEdit EditFrom(ContentEditorForm form, ResolvedContentType type, string culture)
    {
        var edit = new ContentEdit().WithName(culture, (form.Name ?? "").Trim());
        foreach (var property in type.Properties)
        {
            var valueCulture = ContentEditorModel.CultureOf(property, type, culture);
            if (property.EditorAlias == PropertyEditors.TrueFalse)
            {
                // An unticked checkbox sends nothing.
                edit.WithValue(property.Alias, form.Values.TryGetValue(property.Alias, out var ticked) && ticked is "1" or "true" ? "1" : "0", valueCulture);
            }
            else if (form.Values.TryGetValue(property.Alias, out var value))
            {
                edit.WithValue(property.Alias, value, valueCulture);
            }
        }

        return edit;
    }

    /// <summary>A node that does not exist yet, for the editor of a page being created.</summary>
    private static ContentItem NewItem(ResolvedContentType type, Guid? parent) =>
        new() { Key = Guid.Empty, ParentKey = parent, ContentTypeAlias = type.Alias, CreatedBy = "" };

    /// <summary>The document types allowed under a node (its type's allowed children), or at the root.</summary>
    private List<ResolvedContentType> AllowedUnder(ContentItem? parent)
    {
        if (parent is null)
        {
            return [.. types.ContentTypes.Where(t => t.AllowedAtRoot && !t.IsElement).OrderBy(t => t.Name, StringComparer.Ordinal)];
        }

        var parentType = types.Get(parent.ContentTypeAlias);
        return parentType is null
            ? []
            : [.. parentType.AllowedChildAliases.Select(types.Get).OfType<ResolvedContentType>().OrderBy(t => t.Name, StringComparer.Ordinal)];
    }

    private string Culture(string? requested) => types.NormalizeCulture(requested) ?? types.DefaultLanguage.IsoCode;
}
