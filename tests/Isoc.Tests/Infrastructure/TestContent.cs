using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Isoc.Cms.Publishing;
using Microsoft.EntityFrameworkCore;

namespace Isoc.Tests.Infrastructure;

/// <summary>Helpers to make content in a test host: unique names, edits that pass validation, the test's own document type.</summary>
public static class TestContent
{
    public const string En = "en-US";
    public const string Et = "et-EE";
    public const string User = "test@isoc.test";

    /// <summary>A test-only document type that varies by culture, has a mandatory rich text and may hold itself.</summary>
    public const string TestPage = "testPage";

    /// <summary>The root type of hosts without the seed.</summary>
    public const string TestHome = "testHome";

    /// <summary>A name no other test uses, so tests can share one host: "About 3f9a1c2b".</summary>
    public static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>An edit with the names given and a plausible value for every mandatory property, in every culture named.</summary>
    public static ContentEdit ValidEdit(ResolvedContentType type, IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(names);
        var edit = new ContentEdit();
        foreach (var (culture, name) in names)
        {
            edit.WithName(culture, name);
        }

        foreach (var property in type.Properties.Where(p => p.Mandatory))
        {
            var cultures = property.VariesByCulture && type.VariesByCulture ? names.Keys.ToList() : [""];
            foreach (var culture in cultures)
            {
                edit.WithValue(property.Alias, SampleValue(property.EditorAlias, culture), culture);
            }
        }

        return edit;
    }

    public static string SampleValue(string editorAlias, string culture) => editorAlias switch
    {
        PropertyEditors.RichText => $"<p>Text in {culture}</p>",
        PropertyEditors.DateTime => "2025-01-01T00:00:00",
        PropertyEditors.TrueFalse => "1",
        PropertyEditors.ContentPicker => Guid.Empty.ToString(),
        PropertyEditors.MediaPicker3 or PropertyEditors.MultiUrlPicker or PropertyEditors.BlockList => "[]",
        _ => $"Text in {culture}",
    };

    /// <summary>The home page of the seed: the first root of the snapshot.</summary>
    public static Guid HomeKey(this CmsFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var roots = factory.Snapshot.Roots;
        return roots.Count > 0 ? roots[0].Key : throw new InvalidOperationException("Nothing is published at the root: the seed has no home page.");
    }

    /// <summary>Creates (and, when cultures are given, publishes) a node with valid values; fails the test when that does not work.</summary>
    public static async Task<ContentItem> CreateAsync(
        this CmsFactory factory,
        string contentTypeAlias,
        Guid? parentKey,
        IReadOnlyDictionary<string, string> names,
        IReadOnlyList<string>? publishCultures = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var type = factory.ContentTypes.Get(contentTypeAlias) ?? throw new InvalidOperationException($"No document type '{contentTypeAlias}'.");
        var created = await factory.ContentAsync(s => s.CreateAsync(contentTypeAlias, parentKey, ValidEdit(type, names), User, CancellationToken.None));
        Assert.True(created.Success, Describe(created));
        if (publishCultures is null)
        {
            return created.Content!;
        }

        var published = await factory.ContentAsync(s => s.PublishAsync(created.Content!.Key, publishCultures, User, CancellationToken.None));
        Assert.True(published.Success, Describe(published));
        return published.Content!;
    }

    /// <summary>A page of the test's own type under <paramref name="parentKey"/>, published in both cultures.</summary>
    public static Task<ContentItem> CreatePublishedPageAsync(this CmsFactory factory, Guid parentKey, string? name = null)
    {
        var baseName = name ?? Unique("Page");
        return factory.CreateAsync(TestPage, parentKey, new Dictionary<string, string> { [En] = baseName, [Et] = baseName + " et" }, [En, Et]);
    }

    public static string Describe(OperationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return $"{result.Status}: {result.Message} {string.Join("; ", result.Errors.Select(e => $"{e.Alias}[{e.Culture}] {e.Message}"))}";
    }

    /// <summary>The public URL of a node: English without a prefix, other cultures under their language ("/et/…").</summary>
    public static string? SiteUrl(this PublishedSnapshot snapshot, Guid key, string culture)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var path = snapshot.GetPath(key, culture);
        if (path is null)
        {
            return null;
        }

        return string.Equals(culture, snapshot.DefaultCulture, StringComparison.OrdinalIgnoreCase)
            ? path
            : "/" + culture.Split('-')[0].ToLowerInvariant() + path;
    }

    /// <summary>
    /// Adds the test's own document type (<see cref="TestPage"/>) and allows it under every root type. Without the seed it
    /// also adds the two languages and <see cref="TestHome"/>. Idempotent.
    /// </summary>
    public static async Task EnsureTestTypesAsync(this CmsFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await factory.DbAsync(async db =>
        {
            if (!await db.Languages.AnyAsync())
            {
                db.Languages.Add(new LanguageEntity { Key = Guid.NewGuid(), IsoCode = En, CultureName = "English (United States)", IsDefault = true, IsMandatory = true });
                db.Languages.Add(new LanguageEntity { Key = Guid.NewGuid(), IsoCode = Et, CultureName = "Estonian (Estonia)", FallbackIsoCode = En });
            }

            if (!await db.DocumentTypes.AnyAsync(t => t.Alias == TestPage))
            {
                db.DocumentTypes.Add(new DocumentTypeEntity
                {
                    Key = Guid.NewGuid(),
                    Alias = TestPage,
                    Name = "Test page",
                    VariesByCulture = true,
                    AllowedAtRoot = true,
                    AllowedChildAliases = [TestPage],
                    Properties =
                    [
                        new PropertyTypeDefinition
                        {
                            Key = Guid.NewGuid(), Alias = "bodyText", Name = "Body text", EditorAlias = PropertyEditors.RichText,
                            Mandatory = true, VariesByCulture = true, SortOrder = 1,
                        },
                        new PropertyTypeDefinition
                        {
                            Key = Guid.NewGuid(), Alias = "code", Name = "Code", EditorAlias = PropertyEditors.TextBox,
                            ValidationRegex = "^[A-Z]{3}$", ValidationRegexMessage = "Three capital letters.", SortOrder = 2,
                        },
                    ],
                });
            }

            if (!await db.DocumentTypes.AnyAsync(t => t.AllowedAtRoot && t.Alias != TestPage))
            {
                db.DocumentTypes.Add(new DocumentTypeEntity
                {
                    Key = Guid.NewGuid(),
                    Alias = TestHome,
                    Name = "Test home",
                    VariesByCulture = true,
                    AllowedAtRoot = true,
                    AllowedChildAliases = [TestPage],
                });
            }

            await db.SaveChangesAsync();
            foreach (var root in await db.DocumentTypes.Where(t => t.AllowedAtRoot && t.Alias != TestPage).ToListAsync())
            {
                if (!root.AllowedChildAliases.Contains(TestPage))
                {
                    root.AllowedChildAliases = [.. root.AllowedChildAliases, TestPage];
                }
            }

            return await db.SaveChangesAsync();
        });
        await factory.ContentTypes.ReloadAsync(CancellationToken.None);
    }

    /// <summary>Polls until <paramref name="condition"/> holds or the time is up; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100));
        }
    }
}
