using System.Net;
using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Isoc.Cms.Security;
using Isoc.Cms.Settings;
using Isoc.Cms.Sync;
using Isoc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Isoc.Tests.Infrastructure.TestContent;

namespace Isoc.Tests.Settings;

/// <summary>
/// The settings section's document types and data types over HTTP, as an administrator's browser uses them:
/// a change reaches editors and the Delivery API at once, content is never corrupted by a change, stale forms
/// are refused, writers and editors are refused on the server, and the export imports back to the same model.
/// </summary>
public abstract class DocumentTypeSettingsTests(SettingsCmsFactory cms) : BackofficeTests(cms)
{
    private new SettingsCmsFactory Cms { get; } = cms;

    private static string TypeUrl(Guid key) => $"/umbraco/settings/document-types/{key}";

    /// <summary>Loads the document type page, lets the test change the fields, and submits them.</summary>
    private static async Task<(HttpResponseMessage Response, string Html)> EditTypeAsync(FormSession session, Guid key, Action<List<KeyValuePair<string, string>>, int> change)
    {
        var (status, html) = await session.GetAsync(TypeUrl(key));
        Assert.Equal(HttpStatusCode.OK, status);
        var fields = HtmlForm.Fields(html, TypeUrl(key));
        var newRow = fields.Count(f => f.Key.StartsWith("Properties[", StringComparison.Ordinal) && f.Key.EndsWith("].Key", StringComparison.Ordinal)) - 1;
        change(fields, newRow);
        var response = await SettingsCmsFactory.SubmitAsync(session, TypeUrl(key), fields);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private async Task<Guid> DataTypeKeyAsync(string editorAlias) =>
        await Cms.DbAsync(db => db.DataTypes.Where(d => d.EditorAlias == editorAlias).Select(d => d.Key).FirstAsync());

    /// <summary>A document type of the test's own, allowed at the root, with one text property "note" (culture-variant).</summary>
    private async Task<DocumentTypeEntity> NoteTypeAsync()
    {
        var alias = "note" + Guid.NewGuid().ToString("N")[..8];
        var type = new DocumentTypeEntity
        {
            Alias = alias,
            Name = "Note " + alias,
            AllowedAtRoot = true,
            VariesByCulture = true,
            Groups = [new PropertyGroupDefinition { Alias = "content", Name = "Content" }],
            Properties = [new PropertyTypeDefinition { Alias = "note", Name = "Note", EditorAlias = "", DataTypeKey = await DataTypeKeyAsync(PropertyEditors.TextBox), VariesByCulture = true, GroupAlias = "content" }],
        };
        await using var scope = Cms.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DocumentTypeService>().SaveAsync(null, type, null, User, CancellationToken.None);
        Assert.True(result.Success, result.Message + string.Join("; ", result.Errors.Select(e => $"{e.Key}: {e.Value}")));
        return type;
    }

    private async Task<ContentItem> NoteAsync(string typeAlias, string note)
    {
        var name = Unique("Note page");
        var created = await Cms.ContentAsync(s => s.CreateAsync(typeAlias, null, new ContentEdit().WithName(En, name).WithValue("note", note, En), User, CancellationToken.None));
        Assert.True(created.Success, Describe(created));
        return created.Content!;
    }

    [Fact]
    public async Task An_administrator_adds_a_property_and_editors_and_the_delivery_api_have_it_at_once()
    {
        var admin = await SignedInAsync(BackofficeRoles.Administrator);
        var type = Cms.ContentTypes.Get("contentPage")!;
        var alias = "subtitle" + Guid.NewGuid().ToString("N")[..6];
        var textBox = await DataTypeKeyAsync(PropertyEditors.TextBox);
        var generation = Cms.Snapshot.Generation;

        var (response, _) = await EditTypeAsync(admin, type.Key, (fields, row) => fields
            .Set($"Properties[{row}].Name", "Subtitle")
            .Set($"Properties[{row}].Alias", alias)
            .Set($"Properties[{row}].DataTypeKey", textBox.ToString())
            .Set($"Properties[{row}].GroupAlias", "content")
            .Set($"Properties[{row}].VariesByCulture", "true"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(TypeUrl(type.Key), response.Headers.Location!.PathAndQuery());
        Assert.Equal(PropertyEditors.TextBox, Cms.ContentTypes.Get("contentPage")!.GetProperty(alias)?.EditorAlias);
        Assert.True(Cms.Snapshot.Generation > generation, "The published snapshot was not rebuilt.");

        var page = await Cms.CreateAsync("contentPage", Cms.HomeKey(), new Dictionary<string, string> { [En] = Unique("With subtitle") });
        var editor = await SignedInAsync(BackofficeRoles.Editor);
        var (_, editorHtml) = await editor.GetAsync($"/umbraco/content/{page.Key}?culture={En}");
        Assert.Contains($"name=\"values[{alias}]\"", editorHtml, StringComparison.Ordinal);

        var saved = await Cms.ContentAsync(s => s.SaveAsync(page.Key, new ContentEdit().WithValue(alias, "A subtitle", En), User, CancellationToken.None));
        Assert.True(saved.Success, Describe(saved));
        Assert.True((await Cms.ContentAsync(s => s.PublishAsync(page.Key, [En], User, CancellationToken.None))).Success);
        using var api = Cms.CreateSiteClient();
        var json = await api.GetStringAsync(new Uri($"/umbraco/delivery/api/v2/content/item/{page.Key}", UriKind.Relative));
        Assert.Contains($"\"{alias}\":\"A subtitle\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_pattern_is_a_message_beside_its_field_and_nothing_is_saved()
    {
        var admin = await SignedInAsync(BackofficeRoles.Administrator);
        var type = await NoteTypeAsync();
        var before = await Cms.DbAsync(db => db.DocumentTypes.AsNoTracking().FirstAsync(t => t.Key == type.Key));

        var (response, html) = await EditTypeAsync(admin, type.Key, (fields, _) => fields.Set("Properties[0].ValidationRegex", "([a-z"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("""id="p0-regex"[^>]*aria-invalid="true"[^>]*aria-describedby="p0-regex-error">""", html);
        Assert.Matches("""<span id="p0-regex-error" class="bo-field-error">Not a valid regular expression""", html);
        var after = await Cms.DbAsync(db => db.DocumentTypes.AsNoTracking().FirstAsync(t => t.Key == type.Key));
        Assert.Equal(SettingsToken.Of(before), SettingsToken.Of(after));
    }

    [Fact]
    public async Task Renaming_an_alias_content_uses_is_refused_and_removing_the_property_keeps_its_values_in_the_versions()
    {
        var admin = await SignedInAsync(BackofficeRoles.Administrator);
        var type = await NoteTypeAsync();
        var page = await NoteAsync(type.Alias, "Kept safe");

        var (renamed, renameHtml) = await EditTypeAsync(admin, type.Key, (fields, _) => fields.Set("Properties[0].Alias", "remark"));
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        Assert.Contains("Content holds values under &#x27;note&#x27;", renameHtml, StringComparison.Ordinal);
        Assert.NotNull(Cms.ContentTypes.Get(type.Alias)!.GetProperty("note"));

        var (unvaried, unvariedHtml) = await EditTypeAsync(admin, type.Key, (fields, _) => fields.RemoveAll(f => f.Key == "VariesByCulture"));
        Assert.Equal(HttpStatusCode.BadRequest, unvaried.StatusCode);
        Assert.Contains("the variation cannot change while content uses this type", unvariedHtml, StringComparison.Ordinal);

        var (removed, _) = await EditTypeAsync(admin, type.Key, (fields, _) => fields.Set("Properties[0].Remove", "true"));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Null(Cms.ContentTypes.Get(type.Alias)!.GetProperty("note"));
        var stored = await Cms.DbAsync(db => db.ContentVersions.AsNoTracking().Where(v => v.NodeKey == page.Key).Select(v => v.Values).ToListAsync());
        Assert.All(stored, values => Assert.Equal("Kept safe", values["note"][En]));

        // A later save of the page carries the hidden value forward rather than dropping it.
        var saved = await Cms.ContentAsync(s => s.SaveAsync(page.Key, new ContentEdit().WithName(En, page.GetName(En)! + " renamed"), User, CancellationToken.None));
        Assert.True(saved.Success, Describe(saved));
        Assert.Equal("Kept safe", saved.Content!.GetValue("note", En));
        var published = await Cms.ContentAsync(s => s.PublishAsync(page.Key, [En], User, CancellationToken.None));
        Assert.True(published.Success, Describe(published));
    }

    [Fact]
    public async Task A_type_content_uses_cannot_be_deleted_and_an_unused_one_can()
    {
        var admin = await SignedInAsync(BackofficeRoles.Administrator);
        var used = await NoteTypeAsync();
        await NoteAsync(used.Alias, "x");
        var unused = await NoteTypeAsync();

        var (_, usedHtml) = await admin.GetAsync(TypeUrl(used.Key));
        using var refused = await SettingsCmsFactory.SubmitAsync(admin, TypeUrl(used.Key) + "/delete", HtmlForm.Fields(usedHtml, TypeUrl(used.Key) + "/delete"));
        var (_, unusedHtml) = await admin.GetAsync(TypeUrl(unused.Key));
        using var deleted = await SettingsCmsFactory.SubmitAsync(admin, TypeUrl(unused.Key) + "/delete", HtmlForm.Fields(unusedHtml, TypeUrl(unused.Key) + "/delete"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("cannot be deleted: 1 content item uses it", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(Cms.ContentTypes.Get(used.Alias));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(Cms.ContentTypes.Get(unused.Alias));
        Assert.False(await Cms.DbAsync(db => db.DocumentTypes.AnyAsync(t => t.Key == unused.Key)));
    }

    [Fact]
    public async Task Renaming_the_alias_of_a_type_no_content_uses_carries_it_into_the_types_that_allow_it()
    {
        var admin = await SignedInAsync(BackofficeRoles.Administrator);
        var child = await NoteTypeAsync();
        var parent = await NoteTypeAsync();
        var (allowed, _) = await EditTypeAsync(admin, parent.Key, (fields, _) => fields.Add(new("AllowedChildAliases", child.Alias)));
        var (selfAllowed, _) = await EditTypeAsync(admin, child.Key, (fields, _) => fields.Add(new("AllowedChildAliases", child.Alias)));
        var renamedAlias = child.Alias + "Renamed";

        var (renamed, html) = await EditTypeAsync(admin, child.Key, (fields, _) => fields.Set("Alias", renamedAlias));

        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, selfAllowed.StatusCode);
        Assert.True(renamed.StatusCode == HttpStatusCode.Redirect, html);
        Assert.Null(Cms.ContentTypes.Get(child.Alias));
        Assert.Equal([renamedAlias], Cms.ContentTypes.Get(renamedAlias)!.AllowedChildAliases);
        Assert.Equal([renamedAlias], Cms.ContentTypes.Get(parent.Alias)!.AllowedChildAliases);
    }

    [Fact]
    public async Task A_stale_document_type_form_is_refused_and_the_newer_change_is_kept()
    {
        var first = await SignedInAsync(BackofficeRoles.Administrator);
        var second = await SignedInAsync(BackofficeRoles.Administrator);
        var type = await NoteTypeAsync();
        var (_, staleHtml) = await second.GetAsync(TypeUrl(type.Key));
        var stale = HtmlForm.Fields(staleHtml, TypeUrl(type.Key)).Set("Name", "Second's name");

        var (saved, _) = await EditTypeAsync(first, type.Key, (fields, _) => fields.Set("Name", "First's name"));
        using var refused = await SettingsCmsFactory.SubmitAsync(second, TypeUrl(type.Key), stale);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Someone else changed this document type after you opened it", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("First's name", Cms.ContentTypes.Get(type.Alias)!.Name);
    }

    [Fact]
    public async Task An_administrator_creates_a_document_type_from_the_form()
    {
        var admin = await SignedInAsync(BackofficeRoles.Administrator);
        var alias = "event" + Guid.NewGuid().ToString("N")[..6];
        var (_, html) = await admin.GetAsync("/umbraco/settings/document-types/create");
        var fields = HtmlForm.Fields(html, "/umbraco/settings/document-types/create")
            .Set("Name", "Event").Set("Alias", alias)
            .Set("Properties[0].Name", "Starts").Set("Properties[0].Alias", "starts")
            .Set("Properties[0].DataTypeKey", (await DataTypeKeyAsync(PropertyEditors.DateTime)).ToString())
            .Set("Properties[0].Mandatory", "true").Set("Properties[0].MandatoryMessage", "When does it start?");
        fields.Add(new("AllowedAtRoot", "true"));

        using var created = await SettingsCmsFactory.SubmitAsync(admin, "/umbraco/settings/document-types/create", fields);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var type = Cms.ContentTypes.Get(alias);
        Assert.NotNull(type);
        Assert.True(type.AllowedAtRoot);
        Assert.Equal("When does it start?", type.GetProperty("starts")!.MandatoryMessage);
        var refused = await Cms.ContentAsync(s => s.CreateAsync(alias, null, new ContentEdit().WithName(En, Unique("Event")), User, CancellationToken.None));
        Assert.Contains(refused.Errors, e => e.Alias == "starts" && e.Message == "When does it start?");
    }

    [Theory]
    [InlineData(BackofficeRoles.Writer)]
    [InlineData(BackofficeRoles.Editor)]
    public async Task Writers_and_editors_are_refused_every_settings_action_and_nothing_changes(string role)
    {
        var type = await NoteTypeAsync();
        var dataType = await DataTypeKeyAsync(PropertyEditors.TextArea);
        var typesBefore = await Cms.DbAsync(db => db.DocumentTypes.AsNoTracking().OrderBy(t => t.Alias).ToListAsync());
        var dataTypesBefore = await Cms.DbAsync(db => db.DataTypes.AsNoTracking().OrderBy(t => t.Name).ToListAsync());
        var marker = Path.Combine(Cms.USyncFolder, "v17", "ContentTypes", "marker.config");
        await File.WriteAllTextAsync(marker, "<ContentType />");
        var session = await SignedInAsync(role);
        await session.GetAsync("/umbraco"); // a page with a form, for a real antiforgery token

        string[] pages = ["/umbraco/settings", "/umbraco/settings/document-types", TypeUrl(type.Key), "/umbraco/settings/document-types/create", "/umbraco/settings/data-types", $"/umbraco/settings/data-types/{dataType}", "/umbraco/settings/usync"];
        foreach (var page in pages)
        {
            using var get = await session.Http.GetAsync(new Uri(page, UriKind.Relative));
            Assert.True(get.StatusCode == HttpStatusCode.Redirect && get.Headers.Location!.PathAndQuery().StartsWith("/umbraco/access-denied", StringComparison.Ordinal), $"{role} GET {page}: {get.StatusCode} {get.Headers.Location}");
        }

        var posts = new Dictionary<string, Dictionary<string, string>>
        {
            [TypeUrl(type.Key)] = new() { ["Name"] = "Hijacked", ["Alias"] = type.Alias },
            [TypeUrl(type.Key) + "/delete"] = new() { ["token"] = SettingsToken.Of(typesBefore.First(t => t.Key == type.Key)) },
            ["/umbraco/settings/document-types/create"] = new() { ["Name"] = "Sneaky", ["Alias"] = "sneaky" },
            [$"/umbraco/settings/data-types/{dataType}"] = new() { ["Name"] = "Hijacked", ["EditorAlias"] = PropertyEditors.TextArea, ["ConfigJson"] = "{}" },
            ["/umbraco/settings/data-types/create"] = new() { ["Name"] = "Sneaky", ["EditorAlias"] = PropertyEditors.TextBox },
            ["/umbraco/settings/usync/export"] = [],
            ["/umbraco/settings/usync/preview"] = [],
            ["/umbraco/settings/usync/import"] = [],
        };
        foreach (var (url, fields) in posts)
        {
            using var post = await session.PostAsync(url, fields);
            Assert.True(post.StatusCode == HttpStatusCode.Forbidden, $"{role} POST {url}: {post.StatusCode}");
        }

        var typesAfter = await Cms.DbAsync(db => db.DocumentTypes.AsNoTracking().OrderBy(t => t.Alias).ToListAsync());
        var dataTypesAfter = await Cms.DbAsync(db => db.DataTypes.AsNoTracking().OrderBy(t => t.Name).ToListAsync());
        Assert.Equal(SettingsToken.Of(typesBefore), SettingsToken.Of(typesAfter));
        Assert.Equal(SettingsToken.Of(dataTypesBefore), SettingsToken.Of(dataTypesAfter));
        Assert.True(File.Exists(marker), "An export ran: it would have removed the stray file.");
        File.Delete(marker);
    }

    [Fact]
    public async Task A_form_without_the_antiforgery_token_is_refused()
    {
        var admin = await SignedInAsync(BackofficeRoles.Administrator);
        var type = await NoteTypeAsync();
        await admin.GetAsync(TypeUrl(type.Key));

        using var response = await admin.PostAsync(TypeUrl(type.Key), new Dictionary<string, string> { ["Name"] = "Forged", ["Alias"] = type.Alias }, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(type.Name, Cms.ContentTypes.Get(type.Alias)!.Name);
    }

    [Fact]
    public async Task Data_type_messages_stand_beside_their_fields_and_a_used_editor_cannot_change()
    {
        var admin = await SignedInAsync(BackofficeRoles.Administrator);
        var textBox = await DataTypeKeyAsync(PropertyEditors.TextBox);
        var url = $"/umbraco/settings/data-types/{textBox}";
        var (_, html) = await admin.GetAsync(url);

        using var badJson = await SettingsCmsFactory.SubmitAsync(admin, url, HtmlForm.Fields(html, url).Set("ConfigJson", "{ maxChars: "));
        using var otherEditor = await SettingsCmsFactory.SubmitAsync(admin, url, HtmlForm.Fields(html, url).Set("EditorAlias", PropertyEditors.TrueFalse));

        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Matches("""<span id="dt-config-error" class="bo-field-error">Not valid JSON""", await badJson.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, otherEditor.StatusCode);
        Assert.Matches("""<span id="dt-editor-error" class="bo-field-error">Properties of [^<]+ use this data type""", await otherEditor.Content.ReadAsStringAsync());
        Assert.Equal(PropertyEditors.TextBox, await Cms.DbAsync(db => db.DataTypes.Where(d => d.Key == textBox).Select(d => d.EditorAlias).FirstAsync()));

        var name = Unique("Short text");
        var (_, createHtml) = await admin.GetAsync("/umbraco/settings/data-types/create");
        using var created = await SettingsCmsFactory.SubmitAsync(admin, "/umbraco/settings/data-types/create", HtmlForm.Fields(createHtml, "/umbraco/settings/data-types/create")
            .Set("Name", name).Set("EditorAlias", PropertyEditors.TextBox).Set("ConfigJson", """{"maxChars": 80}"""));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("""{"maxChars": 80}""", await Cms.DbAsync(db => db.DataTypes.Where(d => d.Name == name).Select(d => d.ConfigJson).FirstAsync()));
    }

    [Fact]
    public async Task The_export_reports_the_changed_files_and_they_import_back_to_the_same_types()
    {
        var admin = await SignedInAsync(BackofficeRoles.Administrator);
        var type = await NoteTypeAsync();
        await NoteAsync(type.Alias, "Exported");
        var (_, page) = await admin.GetAsync("/umbraco/settings/usync");

        using var export = await SettingsCmsFactory.SubmitAsync(admin, "/umbraco/settings/usync/export", HtmlForm.Fields(page, "/umbraco/settings/usync/export"));
        var report = await export.Content.ReadAsStringAsync();
        using var again = await SettingsCmsFactory.SubmitAsync(admin, "/umbraco/settings/usync/export", HtmlForm.Fields(page, "/umbraco/settings/usync/export"));
        var secondReport = await again.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains($"added: <code>ContentTypes/{type.Alias.ToLowerInvariant()}.config</code>", report, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Cms.USyncFolder, "v17", "ContentTypes", type.Alias.ToLowerInvariant() + ".config")));
        Assert.Contains("none changed", secondReport, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Cms.USyncFolder, "*.tmp-*", SearchOption.AllDirectories));

        // What was written reads back as exactly what the database holds.
        await using var scope = Cms.Services.CreateAsyncScope();
        var preview = await scope.ServiceProvider.GetRequiredService<IUSyncImporter>().PreviewAsync(Cms.USyncFolder, CancellationToken.None);
        var settings = preview.Items.Where(i => i.Kind is "document type" or "data type" or "language").ToList();
        Assert.NotEmpty(settings);
        Assert.All(settings, item => Assert.True(item.Change == "unchanged", $"{item.Kind} {item.Name} reads back {item.Change}"));
        Assert.Contains(preview.Items, i => i.Kind == "document type" && i.Name == type.Alias);

        using var checkPage = await SettingsCmsFactory.SubmitAsync(admin, "/umbraco/settings/usync/preview", HtmlForm.Fields(page, "/umbraco/settings/usync/preview"));
        var checkHtml = await checkPage.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, checkPage.StatusCode);
        Assert.Contains("nothing has changed yet", checkHtml, StringComparison.Ordinal);
        using var import = await SettingsCmsFactory.SubmitAsync(admin, "/umbraco/settings/usync/import", HtmlForm.Fields(checkHtml, "/umbraco/settings/usync/import"));
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Contains("Imported 2 languages", await import.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(Cms.ContentTypes.Get(type.Alias)!.GetProperty("note"));
    }
}

public sealed class SqliteDocumentTypeSettingsTests(SqliteSettingsFactory f) : DocumentTypeSettingsTests(f), IClassFixture<SqliteSettingsFactory>;

public sealed class PostgresDocumentTypeSettingsTests(PostgresSettingsFactory f) : DocumentTypeSettingsTests(f), IClassFixture<PostgresSettingsFactory>;
