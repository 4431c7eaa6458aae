using System.Diagnostics;
using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Isoc.Cms.Publishing;
using Microsoft.EntityFrameworkCore;

namespace Isoc.Web.Bench;

/// <summary>
/// Endpoints the benchmark harness (bench/) drives. Mapped only when Isoc:Bench:Enabled is true, which
/// nothing but the harness sets: they write content without a signed-in user.
/// </summary>
public static class BenchEndpoints
{
    public static WebApplication MapBenchEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue("Isoc:Bench:Enabled", false))
        {
            return app;
        }

        var group = app.MapGroup("/_bench");
        var stored = new StoredBytes();

        // The trivial endpoint: the same bytes as a real page, straight from memory, in the same process.
        group.MapPost("/static", async (HttpRequest request, CancellationToken ct) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            stored.Bytes = buffer.ToArray();
            return Results.NoContent();
        });
        group.MapGet("/static", () => Results.Bytes(stored.Bytes, "text/html; charset=utf-8"));

        group.MapGet("/stats", (PublishedSnapshotService snapshots) =>
        {
            using var process = Process.GetCurrentProcess();
            return Results.Ok(new
            {
                nodes = snapshots.Current.Nodes.Count,
                snapshotBuildMs = snapshots.LastFullBuildDuration.TotalMilliseconds,
                workingSetBytes = process.WorkingSet64,
                managedBytes = GC.GetTotalMemory(false),
            });
        });

        group.MapPost("/generate", GenerateAsync);

        // An editor's two steps, as two requests: save a new name (a draft), then publish it.
        group.MapPost("/rename/{key:guid}", async (Guid key, string name, IContentService content, CancellationToken ct) =>
        {
            var item = await content.GetAsync(key, ct);
            if (item is null)
            {
                return Results.NotFound();
            }

            var saved = await content.SaveAsync(key, new ContentEdit().WithName(item.Names.Keys.First(), name), "bench", ct);
            return saved.Success ? Results.Ok() : Results.BadRequest(saved);
        });

        group.MapPost("/publish/{key:guid}", async (Guid key, IContentService content, PublishedSnapshotService snapshots, CancellationToken ct) =>
        {
            var watch = Stopwatch.StartNew();
            var published = await content.PublishAsync(key, null, "bench", ct);
            return published.Success
                ? Results.Ok(new { publishMs = watch.Elapsed.TotalMilliseconds, refreshMs = snapshots.LastRefreshDuration.TotalMilliseconds })
                : Results.BadRequest(published);
        });

        return app;
    }

    /// <summary>
    /// Adds <paramref name="sections"/> published pages under the home page, each with <paramref name="perSection"/>
    /// published children, straight into the tables (going through the content service would rebuild the snapshot
    /// once per node), then rebuilds the snapshot once.
    /// </summary>
    private static async Task<IResult> GenerateAsync(int sections, int perSection, CmsDbContext db, PublishedSnapshotService snapshots, ContentTypeRegistry types, CancellationToken ct)
    {
        if (sections is < 1 or > 100 || perSection is < 1 or > 10_000)
        {
            return Results.Problem(statusCode: 400, title: "sections must be 1-100 and perSection 1-10000");
        }

        if (snapshots.Current.Roots is not [var home, ..])
        {
            return Results.Problem(statusCode: 409, title: "The site has no home page.");
        }

        var cultures = types.Languages.Select(l => l.IsoCode).ToList();
        var now = DateTime.UtcNow;
        var created = 0;
        Guid? sampleSection = null;
        Guid? sampleLeaf = null;
        var watch = Stopwatch.StartNew();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        for (var s = 0; s < sections; s++)
        {
            var sectionKey = Guid.NewGuid();
            sampleSection ??= sectionKey;
            var batch = new List<(ContentNodeEntity Node, ContentVersionEntity Version, Dictionary<string, string> Names)>
            {
                Add(sectionKey, home.Key, 2, 1000 + s, $"Generated section {s + 1}"),
            };
            for (var i = 0; i < perSection; i++)
            {
                var leaf = Guid.NewGuid();
                batch.Add(Add(leaf, sectionKey, 3, i, $"Generated page {s + 1}-{i + 1:D5}"));
                sampleLeaf ??= leaf;
            }

            // Two round trips per section: nodes and versions first (the database assigns version ids), then the links to them.
            await db.SaveChangesAsync(ct);
            foreach (var (node, version, names) in batch)
            {
                node.CurrentVersionId = version.Id;
                foreach (var culture in cultures)
                {
                    db.PublishedCultures.Add(new PublishedCultureEntity { NodeKey = node.Key, Culture = culture, VersionId = version.Id, Name = names[culture], UrlSegment = UrlSegments.FromName(names[culture]), PublishedAt = now, PublishedBy = "bench" });
                }
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            created += batch.Count;
        }

        await transaction.CommitAsync(ct);
        var inserted = watch.Elapsed;
        await snapshots.RebuildAsync(ct);
        return Results.Ok(new { created, sampleSection, sampleLeaf, insertMs = inserted.TotalMilliseconds, snapshotBuildMs = snapshots.LastFullBuildDuration.TotalMilliseconds });

        (ContentNodeEntity, ContentVersionEntity, Dictionary<string, string>) Add(Guid key, Guid parent, int level, int sortOrder, string name)
        {
            var names = cultures.ToDictionary(c => c, c => c.StartsWith("et", StringComparison.Ordinal) ? name.Replace("Generated page", "Loodud leht", StringComparison.Ordinal).Replace("Generated section", "Loodud osa", StringComparison.Ordinal) : name);
            var values = new Dictionary<string, Dictionary<string, string?>>
            {
                ["bodyText"] = cultures.ToDictionary(c => c, c => (string?)$"<p>{names[c]}: generated for the benchmark.</p>"),
            };
            var node = new ContentNodeEntity { Key = key, ParentKey = parent, ContentTypeAlias = "contentPage", Level = level, SortOrder = sortOrder, CreateDate = now, UpdateDate = now, CreatedBy = "bench", Revision = 1 };
            var version = new ContentVersionEntity { NodeKey = key, VersionNumber = 1, CreatedAt = now, CreatedBy = "bench", Names = names, Values = values, Reason = "save", PublishedCultures = cultures, LastPublishedAt = now, LastPublishedBy = "bench" };
            db.ContentNodes.Add(node);
            db.ContentVersions.Add(version);
            return (node, version, names);
        }
    }

    private sealed class StoredBytes
    {
        public byte[] Bytes { get; set; } = [];
    }
}
