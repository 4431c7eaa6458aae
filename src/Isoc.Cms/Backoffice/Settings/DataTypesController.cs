using Isoc.Cms.Data;
using Isoc.Cms.Settings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Isoc.Cms.Backoffice.Settings;

/// <summary>What the data type page posts.</summary>
public sealed class DataTypeForm
{
    public string Token { get; set; } = "";
    public string Name { get; set; } = "";
    public string EditorAlias { get; set; } = "";
    public string ConfigJson { get; set; } = "{}";
}

public sealed record DataTypeListModel(IReadOnlyList<DataTypeState> DataTypes, string? Message);

public sealed record DataTypeEditModel(Guid? Key, DataTypeForm Form, IReadOnlyList<string> UsedBy, IReadOnlyDictionary<string, string> Errors, string? Message, bool MessageIsError)
{
    public string? Error(string field) => Errors.TryGetValue(field, out var message) ? message : null;
}

/// <summary>Data types in the settings section: a name, an editor and its configuration (JSON, as uSync keeps it).</summary>
[Route(BackofficeAuthentication.BasePath + "/settings/data-types")]
[Authorize(Policy = BackofficePolicies.Administer)]
[AutoValidateAntiforgeryToken]
public sealed class DataTypesController(DataTypeService service) : Controller
{
    private const string ListView = "~/Backoffice/Views/Settings/DataTypes.cshtml";
    private const string EditView = "~/Backoffice/Views/Settings/DataType.cshtml";
    private static readonly Dictionary<string, string> NoErrors = [];

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(ListView, new DataTypeListModel(await service.ListAsync(cancellationToken), TempData["Message"] as string));

    [HttpGet("create")]
    public IActionResult Create() => View(EditView, new DataTypeEditModel(null, new DataTypeForm(), [], NoErrors, null, false));

    [HttpPost("create")]
    public Task<IActionResult> Create(DataTypeForm form, CancellationToken cancellationToken) => SaveAsync(null, form, cancellationToken);

    [HttpGet("{key:guid}")]
    public async Task<IActionResult> Edit(Guid key, CancellationToken cancellationToken)
    {
        if (await service.GetAsync(key, cancellationToken) is not { } state)
        {
            return NotFound();
        }

        var form = new DataTypeForm { Token = state.Token, Name = state.DataType.Name, EditorAlias = state.DataType.EditorAlias, ConfigJson = state.DataType.ConfigJson };
        return View(EditView, new DataTypeEditModel(key, form, state.UsedBy, NoErrors, TempData["Message"] as string, false));
    }

    [HttpPost("{key:guid}")]
    public Task<IActionResult> Edit(Guid key, DataTypeForm form, CancellationToken cancellationToken) => SaveAsync(key, form, cancellationToken);

    private async Task<IActionResult> SaveAsync(Guid? key, DataTypeForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.Token ??= "";
        form.Name ??= "";
        form.EditorAlias ??= "";
        form.ConfigJson ??= "";
        var edited = new DataTypeEntity { Name = form.Name ?? "", EditorAlias = form.EditorAlias ?? "", ConfigJson = form.ConfigJson ?? "" };
        var result = await service.SaveAsync(key, edited, form.Token, User.Identity?.Name ?? "unknown", cancellationToken);
        if (result.Success)
        {
            TempData["Message"] = result.Message;
            return RedirectToAction(nameof(Edit), new { key = result.Key });
        }

        if (result.Status == SettingsStatus.NotFound)
        {
            return NotFound();
        }

        var usedBy = key is { } k ? (await service.GetAsync(k, cancellationToken))?.UsedBy ?? [] : [];
        Response.StatusCode = result.Status == SettingsStatus.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return View(EditView, new DataTypeEditModel(key, form, usedBy, result.Errors, result.Message, true));
    }
}
