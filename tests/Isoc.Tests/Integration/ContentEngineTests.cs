using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Isoc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Isoc.Tests.Infrastructure.TestContent;

namespace Isoc.Tests.Integration;

/// <summary>
/// The content service on a real database: versions, history, rollback, validation, notifications, tree operations.
/// The same tests run on SQLite and on PostgreSQL (the subclasses at the end).
/// </summary>
public abstract class ContentEngineTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly CmsFactory f;

    protected ContentEngineTests(CmsFactory factory) => f = factory;

    public Task InitializeAsync() => f.EnsureTestTypesAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static Dictionary<string, string> Names(string name) => new() { [En] = name, [Et] = name + " (et)" };

    [Fact]
    public async Task Create_makes_version_1_and_each_save_adds_the_next_version()
    {
        var created = await f.CreateAsync("contentPage", f.HomeKey(), Names(Unique("Versions")));
        Assert.Equal(1, created.VersionNumber);

        var saved = await f.ContentAsync(s => s.SaveAsync(created.Key, new ContentEdit().WithValue("bodyText", "<p>Second</p>", En), "second@isoc.test", None));

        Assert.True(saved.Success, Describe(saved));
        Assert.Equal(2, saved.Content!.VersionNumber);
        Assert.Equal("<p>Second</p>", saved.Content.GetValue("bodyText", En));
        Assert.Equal(created.GetValue("bodyText", Et), saved.Content.GetValue("bodyText", Et));
        Assert.Equal([2, 1], (await f.ContentAsync(s => s.GetVersionsAsync(created.Key, None))).Select(v => v.VersionNumber));
    }

    [Fact]
    public async Task History_lists_every_version_with_who_saved_it_when_and_where_it_went_live()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);
        var created = await f.CreateAsync("contentPage", f.HomeKey(), Names(Unique("History")));
        await f.ContentAsync(s => s.SaveAsync(created.Key, new ContentEdit().WithValue("bodyText", "<p>v2</p>", En), "anna@isoc.test", None));
        var published = await f.ContentAsync(s => s.PublishAsync(created.Key, [En], "mart@isoc.test", None));
        await f.ContentAsync(s => s.SaveAsync(created.Key, new ContentEdit().WithValue("bodyText", "<p>v3</p>", En), "mart@isoc.test", None));

        var history = await f.ContentAsync(s => s.GetVersionsAsync(created.Key, None));

        Assert.True(published.Success, Describe(published));
        Assert.Equal([3, 2, 1], history.Select(v => v.VersionNumber));
        Assert.Equal(["mart@isoc.test", "anna@isoc.test", User], history.Select(v => v.CreatedBy));
        Assert.All(history, v => Assert.InRange(v.CreatedAt, before, DateTime.UtcNow.AddSeconds(1)));
        Assert.All(history, v => Assert.Equal(DateTimeKind.Utc, v.CreatedAt.Kind));
        Assert.Equal([true, false, false], history.Select(v => v.IsCurrent));
        Assert.Equal([[], [En], []], history.Select(v => v.PublishedCultures.ToArray()));
        Assert.Equal("mart@isoc.test", published.Content!.Published[En].PublishedBy);
    }

    [Fact]
    public async Task Rollback_makes_a_new_draft_with_the_old_values_and_leaves_the_live_page_alone()
    {
        var created = await f.CreateAsync("contentPage", f.HomeKey(), Names(Unique("Rollback")));
        var v1 = created.VersionId;
        var oldBody = created.GetValue("bodyText", En);
        await f.ContentAsync(s => s.SaveAsync(created.Key, new ContentEdit().WithValue("bodyText", "<p>Newer</p>", En).WithName(Et, Unique("Uuem")), User, None));
        await f.ContentAsync(s => s.PublishAsync(created.Key, null, User, None));

        var rolledBack = await f.ContentAsync(s => s.RollbackAsync(created.Key, v1, "editor@isoc.test", None));

        Assert.True(rolledBack.Success, Describe(rolledBack));
        Assert.Equal(3, rolledBack.Content!.VersionNumber);
        Assert.Equal(oldBody, rolledBack.Content.GetValue("bodyText", En));
        Assert.Equal(created.GetName(Et), rolledBack.Content.GetName(Et));
        var history = await f.ContentAsync(s => s.GetVersionsAsync(created.Key, None));
        Assert.Equal(("rollback", "editor@isoc.test", true), (history[0].Reason, history[0].CreatedBy, history[0].IsCurrent));
        Assert.Equal(3, history.Count);
        Assert.Equal("<p>Newer</p>", f.Snapshot.Get(created.Key)!.ForCulture(En)!.Value("bodyText"));
    }

    [Fact]
    public async Task Rollback_to_a_version_of_another_node_is_not_found()
    {
        var a = await f.CreateAsync("contentPage", f.HomeKey(), Names(Unique("Rollback A")));
        var b = await f.CreateAsync("contentPage", f.HomeKey(), Names(Unique("Rollback B")));

        var result = await f.ContentAsync(s => s.RollbackAsync(a.Key, b.VersionId, User, None));

        Assert.Equal(OperationStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task Validation_reports_each_missing_value_by_property_and_culture_and_saves_nothing()
    {
        var type = f.ContentTypes.Get("contentPage")!;
        var name = Unique("Invalid");
        var edit = ValidEdit(type, Names(name));
        edit.Values["bodyText"].Remove(Et);
        var versionsBefore = await f.DbAsync(db => db.ContentVersions.CountAsync());

        var result = await f.ContentAsync(s => s.CreateAsync("contentPage", f.HomeKey(), edit, User, None));

        Assert.Equal(OperationStatus.ValidationFailed, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("bodyText", Et), (error.Alias, error.Culture));
        Assert.Equal(versionsBefore, await f.DbAsync(db => db.ContentVersions.CountAsync()));
        var children = await f.ContentAsync(s => s.GetChildrenAsync(f.HomeKey(), None));
        Assert.DoesNotContain(children, c => c.GetName(En) == name);
    }

    [Fact]
    public async Task Validation_errors_of_a_save_keep_the_previous_version_and_the_live_page()
    {
        var page = await f.CreateAsync(TestPage, f.HomeKey(), Names(Unique("Checked")), [En, Et]);

        var result = await f.ContentAsync(s => s.SaveAsync(
            page.Key,
            new ContentEdit().WithValue("bodyText", " ", Et).WithValue("code", "est"),
            User,
            None));

        Assert.Equal(OperationStatus.ValidationFailed, result.Status);
        Assert.Equal(
            [new PropertyError("bodyText", Et, "Body text is required."), new PropertyError("code", "", "Three capital letters.")],
            result.Errors.OrderBy(e => e.Alias));
        var current = await f.ContentAsync(s => s.GetAsync(page.Key, None));
        Assert.Equal(1, current!.VersionNumber);
        Assert.Equal(page.GetValue("bodyText", Et), f.Snapshot.Get(page.Key)!.ForCulture(Et)!.Value("bodyText"));
    }

    [Fact]
    public async Task A_value_for_a_property_the_type_does_not_have_is_refused()
    {
        var page = await f.CreateAsync(TestPage, f.HomeKey(), Names(Unique("Strict")));

        var result = await f.ContentAsync(s => s.SaveAsync(page.Key, new ContentEdit().WithValue("colour", "red"), User, None));

        Assert.Equal(OperationStatus.ValidationFailed, result.Status);
        Assert.Equal("colour", Assert.Single(result.Errors).Alias);
        Assert.Equal(1, (await f.ContentAsync(s => s.GetAsync(page.Key, None)))!.VersionNumber);
    }

    [Fact]
    public async Task Validation_on_publish_reports_per_culture_and_publishes_nothing()
    {
        // A draft saved while only English was named; Estonian gets a name but not its mandatory text.
        var page = await f.CreateAsync(TestPage, f.HomeKey(), new Dictionary<string, string> { [En] = Unique("Half") });
        await f.DbAsync(async db =>
        {
            var version = await db.ContentVersions.SingleAsync(v => v.NodeKey == page.Key);
            version.Names = new Dictionary<string, string>(version.Names) { [Et] = Unique("Pool") };
            return await db.SaveChangesAsync();
        });

        var result = await f.ContentAsync(s => s.PublishAsync(page.Key, [En, Et], User, None));

        Assert.Equal(OperationStatus.ValidationFailed, result.Status);
        Assert.Equal([("bodyText", Et)], result.Errors.Select(e => (e.Alias, e.Culture)));
        Assert.Null(f.Snapshot.Get(page.Key));
        Assert.False(await f.DbAsync(db => db.PublishedCultures.AnyAsync(p => p.NodeKey == page.Key)));
    }

    [Fact]
    public async Task A_publishing_notification_handler_can_cancel_the_publish_with_its_message()
    {
        var page = await f.CreateAsync("contentPage", f.HomeKey(), Names(Unique(CmsFactory.RefusedPrefix + "page")));

        var result = await f.ContentAsync(s => s.PublishAsync(page.Key, null, User, None));

        Assert.Equal(OperationStatus.Cancelled, result.Status);
        Assert.Equal(CmsFactory.RefusedMessage, result.Message);
        Assert.Null(f.Snapshot.Get(page.Key));
        Assert.Empty((await f.ContentAsync(s => s.GetAsync(page.Key, None)))!.Published);
    }

    [Fact]
    public async Task Publishing_one_culture_leaves_the_other_unpublished()
    {
        var page = await f.CreateAsync("contentPage", f.HomeKey(), Names(Unique("English only")), [En]);

        Assert.True(page.IsPublished(En));
        Assert.False(page.IsPublished(Et));
        Assert.NotNull(f.Snapshot.GetPath(page.Key, En));
        Assert.Null(f.Snapshot.GetPath(page.Key, Et));
    }

    [Fact]
    public async Task A_child_cannot_be_published_before_its_parent()
    {
        var parent = await f.CreateAsync(TestPage, f.HomeKey(), Names(Unique("Draft parent")));
        var child = await f.CreateAsync(TestPage, parent.Key, Names(Unique("Child")));

        var result = await f.ContentAsync(s => s.PublishAsync(child.Key, null, User, None));

        Assert.Equal(OperationStatus.NotAllowed, result.Status);
        Assert.Null(f.Snapshot.Get(child.Key));
    }

    [Fact]
    public async Task Unpublishing_one_culture_keeps_the_other_live()
    {
        var page = await f.CreatePublishedPageAsync(f.HomeKey());

        var result = await f.ContentAsync(s => s.UnpublishAsync(page.Key, "et-ee", User, None));

        Assert.True(result.Success, Describe(result));
        Assert.NotNull(f.Snapshot.GetPath(page.Key, En));
        Assert.Null(f.Snapshot.GetPath(page.Key, Et));
    }

    [Fact]
    public async Task Saving_from_a_stale_revision_is_a_conflict()
    {
        var page = await f.CreateAsync(TestPage, f.HomeKey(), Names(Unique("Contested")));
        await f.ContentAsync(s => s.SaveAsync(page.Key, new ContentEdit { ExpectedRevision = page.Revision }.WithValue("bodyText", "<p>first</p>", En), User, None));

        var late = await f.ContentAsync(s => s.SaveAsync(page.Key, new ContentEdit { ExpectedRevision = page.Revision }.WithValue("bodyText", "<p>late</p>", En), User, None));

        Assert.Equal(OperationStatus.Conflict, late.Status);
        Assert.Equal("<p>first</p>", (await f.ContentAsync(s => s.GetAsync(page.Key, None)))!.GetValue("bodyText", En));
    }

    [Fact]
    public async Task Two_siblings_cannot_share_a_url()
    {
        var name = Unique("Twin");
        await f.CreateAsync(TestPage, f.HomeKey(), Names(name));

        var result = await f.ContentAsync(s => s.CreateAsync(TestPage, f.HomeKey(), ValidEdit(f.ContentTypes.Get(TestPage)!, Names(name.ToUpperInvariant())), User, None));

        Assert.Equal(OperationStatus.ValidationFailed, result.Status);
        Assert.Contains(result.Errors, e => e.Alias == ContentValidator.NameAlias);
    }

    [Fact]
    public async Task Sort_changes_the_navigation_order_in_the_snapshot()
    {
        var parent = await f.CreatePublishedPageAsync(f.HomeKey());
        var a = await f.CreatePublishedPageAsync(parent.Key, Unique("A"));
        var b = await f.CreatePublishedPageAsync(parent.Key, Unique("B"));
        var c = await f.CreatePublishedPageAsync(parent.Key, Unique("C"));
        Assert.Equal([a.Key, b.Key, c.Key], f.Snapshot.GetChildren(parent.Key, En).Select(n => n.Key));

        var result = await f.ContentAsync(s => s.SortAsync(parent.Key, [c.Key, a.Key, b.Key], User, None));

        Assert.True(result.Success, Describe(result));
        Assert.Equal([c.Key, a.Key, b.Key], f.Snapshot.GetChildren(parent.Key, En).Select(n => n.Key));
        Assert.Equal([c.Key, a.Key, b.Key], f.Snapshot.GetChildren(parent.Key, Et).Select(n => n.Key));
        Assert.Equal([c.Key, a.Key, b.Key], (await f.ContentAsync(s => s.GetChildrenAsync(parent.Key, None))).Select(n => n.Key));
    }

    [Fact]
    public async Task Sorting_with_a_stranger_is_refused()
    {
        var parent = await f.CreatePublishedPageAsync(f.HomeKey());
        var child = await f.CreatePublishedPageAsync(parent.Key);

        var result = await f.ContentAsync(s => s.SortAsync(parent.Key, [child.Key, f.HomeKey()], User, None));

        Assert.Equal(OperationStatus.ValidationFailed, result.Status);
    }

    [Fact]
    public async Task Move_puts_the_node_and_its_descendants_under_the_new_parent()
    {
        var from = await f.CreatePublishedPageAsync(f.HomeKey());
        var to = await f.CreatePublishedPageAsync(f.HomeKey());
        var moved = await f.CreatePublishedPageAsync(from.Key);
        var grandchild = await f.CreatePublishedPageAsync(moved.Key);

        var result = await f.ContentAsync(s => s.MoveAsync(moved.Key, to.Key, User, None));

        Assert.True(result.Success, Describe(result));
        Assert.Equal(to.Key, f.Snapshot.Get(moved.Key)!.ParentKey);
        Assert.StartsWith(f.Snapshot.GetPath(to.Key, En)!, f.Snapshot.GetPath(grandchild.Key, En), StringComparison.Ordinal);
        Assert.Equal(to.Level + 2, (await f.ContentAsync(s => s.GetAsync(grandchild.Key, None)))!.Level);
    }

    [Fact]
    public async Task A_node_cannot_be_moved_below_itself()
    {
        var parent = await f.CreatePublishedPageAsync(f.HomeKey());
        var child = await f.CreatePublishedPageAsync(parent.Key);

        var result = await f.ContentAsync(s => s.MoveAsync(parent.Key, child.Key, User, None));

        Assert.Equal(OperationStatus.NotAllowed, result.Status);
    }

    [Fact]
    public async Task The_recycle_bin_takes_a_branch_off_the_site_and_restore_puts_it_back()
    {
        var page = await f.CreatePublishedPageAsync(f.HomeKey());
        var child = await f.CreatePublishedPageAsync(page.Key);
        var path = f.Snapshot.GetPath(child.Key, Et);

        var trashed = await f.ContentAsync(s => s.MoveToRecycleBinAsync(page.Key, User, None));

        Assert.True(trashed.Success, Describe(trashed));
        Assert.Null(f.Snapshot.Get(page.Key));
        Assert.Null(f.Snapshot.Get(child.Key));
        var bin = await f.ContentAsync(s => s.GetRecycleBinAsync(None));
        Assert.Contains(bin, n => n.Key == page.Key);
        Assert.DoesNotContain(bin, n => n.Key == child.Key);

        var restored = await f.ContentAsync(s => s.RestoreAsync(page.Key, null, User, None));

        Assert.True(restored.Success, Describe(restored));
        Assert.Equal(path, f.Snapshot.GetPath(child.Key, Et));
        Assert.DoesNotContain(await f.ContentAsync(s => s.GetRecycleBinAsync(None)), n => n.Key == page.Key);
    }

    [Fact]
    public async Task Restoring_under_a_parent_that_does_not_allow_the_type_is_refused_and_leaves_the_node_in_the_bin()
    {
        var page = await f.CreatePublishedPageAsync(f.HomeKey());
        var strictParent = await f.CreateAsync("contentPage", f.HomeKey(), Names(Unique("Strict parent")), [En, Et]);
        Assert.DoesNotContain(TestPage, f.ContentTypes.Get("contentPage")!.AllowedChildAliases);
        await f.ContentAsync(s => s.MoveToRecycleBinAsync(page.Key, User, None));

        var result = await f.ContentAsync(s => s.RestoreAsync(page.Key, strictParent.Key, User, None));

        Assert.Equal(OperationStatus.NotAllowed, result.Status);
        var after = await f.ContentAsync(s => s.GetAsync(page.Key, None));
        Assert.True(after!.Trashed);
        Assert.Contains(await f.ContentAsync(s => s.GetRecycleBinAsync(None)), n => n.Key == page.Key);
        Assert.Null(f.Snapshot.Get(page.Key));
    }

    [Fact]
    public async Task Delete_removes_the_node_its_descendants_and_their_versions()
    {
        var page = await f.CreatePublishedPageAsync(f.HomeKey());
        var child = await f.CreatePublishedPageAsync(page.Key);
        await f.ContentAsync(s => s.MoveToRecycleBinAsync(page.Key, User, None));

        var result = await f.ContentAsync(s => s.DeleteAsync(page.Key, User, None));

        Assert.True(result.Success, Describe(result));
        Assert.Null(await f.ContentAsync(s => s.GetAsync(page.Key, None)));
        Assert.Null(await f.ContentAsync(s => s.GetAsync(child.Key, None)));
        Assert.False(await f.DbAsync(db => db.ContentVersions.AnyAsync(v => v.NodeKey == page.Key || v.NodeKey == child.Key)));
        Assert.False(await f.DbAsync(db => db.PublishedCultures.AnyAsync(p => p.NodeKey == page.Key || p.NodeKey == child.Key)));
        Assert.Null(f.Snapshot.Get(child.Key));
    }

    [Fact]
    public async Task The_background_scheduler_publishes_a_due_item_into_the_snapshot_within_five_seconds()
    {
        var page = await f.CreateAsync("contentPage", f.HomeKey(), Names(Unique("Background")));

        await f.ContentAsync(s => s.ScheduleAsync(page.Key, ScheduledAction.Publish, En, DateTime.UtcNow.AddSeconds(1), User, None));

        Assert.Null(f.Snapshot.GetPath(page.Key, En));
        Assert.True(await EventuallyAsync(() => Task.FromResult(f.Snapshot.GetPath(page.Key, En) is not null), TimeSpan.FromSeconds(6)), "Not published within 5 s of its time.");
        Assert.Null(f.Snapshot.GetPath(page.Key, Et));
        // The schedule row is removed once the publish has returned, a moment after the snapshot shows the page.
        Assert.True(await EventuallyAsync(async () => (await f.ContentAsync(s => s.GetScheduleAsync(page.Key, None))).Count == 0, TimeSpan.FromSeconds(2)), "The done schedule was not removed.");
    }

    [Fact]
    public async Task A_schedule_is_kept_until_its_time_and_dropped_with_the_node()
    {
        var page = await f.CreateAsync(TestPage, f.HomeKey(), Names(Unique("Scheduled far")));
        var due = DateTime.UtcNow.AddYears(1);

        var scheduled = await f.ContentAsync(s => s.ScheduleAsync(page.Key, ScheduledAction.Publish, null, due, User, None));
        Assert.True(scheduled.Success, Describe(scheduled));
        var schedule = Assert.Single(await f.ContentAsync(s => s.GetScheduleAsync(page.Key, None)));
        Assert.Equal(due, schedule.DueAt, TimeSpan.FromMilliseconds(1));

        await f.ContentAsync(s => s.MoveToRecycleBinAsync(page.Key, User, None));

        Assert.Empty(await f.ContentAsync(s => s.GetScheduleAsync(page.Key, None)));
    }
}

public sealed class SqliteContentEngineTests(SqliteCmsFactory f) : ContentEngineTests(f), IClassFixture<SqliteCmsFactory>;

public sealed class PostgresContentEngineTests(PostgresCmsFactory f) : ContentEngineTests(f), IClassFixture<PostgresCmsFactory>;
