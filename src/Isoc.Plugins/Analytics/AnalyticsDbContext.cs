using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Isoc.Plugins.Analytics;

/// <summary>Page views of one page in one language on one UTC day. No visitor, no IP, no user agent: counts only.</summary>
public sealed class PageViewCount
{
    public DateOnly Day { get; set; }

    /// <summary>The page's canonical public URL path ("/about/", "/et/meist/").</summary>
    public string Path { get; set; } = "";

    public string Culture { get; set; } = "";

    public long Views { get; set; }
}

/// <summary>Page views that arrived from another site, by that site's host name, per UTC day.</summary>
public sealed class ReferrerCount
{
    public DateOnly Day { get; set; }

    public string Host { get; set; } = "";

    public long Views { get; set; }
}

/// <summary>A day's totals: page views, and visitors (first hit of the day without the day's visitor cookie).</summary>
public sealed class DayCount
{
    public DateOnly Day { get; set; }

    public long Views { get; set; }

    public long Visitors { get; set; }
}

/// <summary>
/// The analytics plugin's own tables in the engine's database, under its own migrations history table, as the
/// Consent plugin does. One derived context per provider, each with its own migrations folder. Column names
/// are plain lower case because the counter adds to them with one upsert statement both databases understand.
/// </summary>
public abstract class AnalyticsDbContext(DbContextOptions options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "analytics_migrations";
    public const string PageViewsTable = "analytics_page_views";
    public const string ReferrersTable = "analytics_referrers";
    public const string DaysTable = "analytics_days";

    public const int MaxPathLength = 400;
    public const int MaxHostLength = 253;

    public DbSet<PageViewCount> PageViews => Set<PageViewCount>();

    public DbSet<ReferrerCount> Referrers => Set<ReferrerCount>();

    public DbSet<DayCount> Days => Set<DayCount>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<PageViewCount>(e =>
        {
            e.ToTable(PageViewsTable);
            e.HasKey(x => new { x.Day, x.Path, x.Culture });
            e.Property(x => x.Day).HasColumnName("day");
            e.Property(x => x.Path).HasColumnName("path").HasMaxLength(MaxPathLength);
            e.Property(x => x.Culture).HasColumnName("culture").HasMaxLength(20);
            e.Property(x => x.Views).HasColumnName("views");
        });
        modelBuilder.Entity<ReferrerCount>(e =>
        {
            e.ToTable(ReferrersTable);
            e.HasKey(x => new { x.Day, x.Host });
            e.Property(x => x.Day).HasColumnName("day");
            e.Property(x => x.Host).HasColumnName("host").HasMaxLength(MaxHostLength);
            e.Property(x => x.Views).HasColumnName("views");
        });
        modelBuilder.Entity<DayCount>(e =>
        {
            e.ToTable(DaysTable);
            e.HasKey(x => x.Day);
            e.Property(x => x.Day).HasColumnName("day");
            e.Property(x => x.Views).HasColumnName("views");
            e.Property(x => x.Visitors).HasColumnName("visitors");
        });
    }
}

public sealed class SqliteAnalyticsDbContext(DbContextOptions<SqliteAnalyticsDbContext> options) : AnalyticsDbContext(options);

public sealed class PostgresAnalyticsDbContext(DbContextOptions<PostgresAnalyticsDbContext> options) : AnalyticsDbContext(options);

internal static class AnalyticsDatabase
{
    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, b => b.MigrationsHistoryTable(AnalyticsDbContext.MigrationsHistoryTable));

    public static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, b => b.MigrationsHistoryTable(AnalyticsDbContext.MigrationsHistoryTable));
}

/// <summary>Makes the provider's analytics context.</summary>
internal interface IAnalyticsDbContextFactory
{
    Task<AnalyticsDbContext> CreateAsync(CancellationToken cancellationToken);
}

internal sealed class AnalyticsDbContextFactory<TContext>(IDbContextFactory<TContext> factory) : IAnalyticsDbContextFactory
    where TContext : AnalyticsDbContext
{
    public async Task<AnalyticsDbContext> CreateAsync(CancellationToken cancellationToken) =>
        await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
}

/// <summary>Lets the migration tooling build the SQLite context without the host.</summary>
public sealed class SqliteAnalyticsDbContextFactory : IDesignTimeDbContextFactory<SqliteAnalyticsDbContext>
{
    public SqliteAnalyticsDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteAnalyticsDbContext>();
        AnalyticsDatabase.ConfigureSqlite(builder, "Data Source=design-time.db");
        return new SqliteAnalyticsDbContext(builder.Options);
    }
}

/// <summary>Lets the migration tooling build the PostgreSQL context without the host.</summary>
public sealed class PostgresAnalyticsDbContextFactory : IDesignTimeDbContextFactory<PostgresAnalyticsDbContext>
{
    public PostgresAnalyticsDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresAnalyticsDbContext>();
        AnalyticsDatabase.ConfigurePostgres(builder, "Host=localhost;Database=isoc_design");
        return new PostgresAnalyticsDbContext(builder.Options);
    }
}

/// <summary>Applies the plugin's migrations at start, before the counter's writer starts.</summary>
internal sealed class AnalyticsDatabaseInitializer(IAnalyticsDbContextFactory contexts) : Microsoft.Extensions.Hosting.IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            // Migrate() diffs the model first, which costs a good part of a second; most starts have nothing to apply.
            var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false);
            if (pending.Any())
            {
                await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
