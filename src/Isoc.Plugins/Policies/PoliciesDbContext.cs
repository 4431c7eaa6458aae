using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Isoc.Plugins.Policies;

/// <summary>
/// The Policies plugin's own tables, in the engine's database under their own migrations history table, like
/// the Consent plugin's: the engine never learns this model. One derived context per provider.
/// </summary>
public abstract class PoliciesDbContext(DbContextOptions options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "policies_migrations";

    public DbSet<PolicyVersionEntity> Versions => Set<PolicyVersionEntity>();

    public DbSet<PolicyVersionTextEntity> Texts => Set<PolicyVersionTextEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var utc = new ValueConverter<DateTime, DateTime>(
            v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
            v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        modelBuilder.Entity<PolicyVersionEntity>(e =>
        {
            e.ToTable("policy_versions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            // One version per effective date: a second publish with the same date is a correction of it.
            e.HasIndex(x => new { x.NodeKey, x.EffectiveDate }).IsUnique();
            e.Property(x => x.PublishedBy).HasMaxLength(256);
            e.Property(x => x.UpdatedBy).HasMaxLength(256);
            e.Property(x => x.PublishedAt).HasConversion(utc);
            e.Property(x => x.UpdatedAt).HasConversion(utc);
            e.HasMany(x => x.Texts).WithOne().HasForeignKey(t => t.VersionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<PolicyVersionTextEntity>(e =>
        {
            e.ToTable("policy_version_texts");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.HasIndex(x => new { x.VersionId, x.Culture }).IsUnique();
            e.Property(x => x.Culture).HasMaxLength(20);
            e.Property(x => x.Name).HasMaxLength(255);
        });
    }
}

public sealed class SqlitePoliciesDbContext(DbContextOptions<SqlitePoliciesDbContext> options) : PoliciesDbContext(options);

public sealed class PostgresPoliciesDbContext(DbContextOptions<PostgresPoliciesDbContext> options) : PoliciesDbContext(options);

internal static class PoliciesDatabase
{
    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, b => b.MigrationsHistoryTable(PoliciesDbContext.MigrationsHistoryTable));

    public static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, b => b.MigrationsHistoryTable(PoliciesDbContext.MigrationsHistoryTable));
}

/// <summary>The provider's context behind one interface, so the plugin's code does not care which database it is on.</summary>
internal interface IPoliciesDbContextFactory
{
    Task<PoliciesDbContext> CreateAsync(CancellationToken cancellationToken);
}

internal sealed class PoliciesDbContextFactory<TContext>(IDbContextFactory<TContext> factory) : IPoliciesDbContextFactory
    where TContext : PoliciesDbContext
{
    public async Task<PoliciesDbContext> CreateAsync(CancellationToken cancellationToken) =>
        await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
}

/// <summary>Lets the migration tooling build the SQLite context without the host.</summary>
public sealed class SqlitePoliciesDbContextFactory : IDesignTimeDbContextFactory<SqlitePoliciesDbContext>
{
    public SqlitePoliciesDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqlitePoliciesDbContext>();
        PoliciesDatabase.ConfigureSqlite(builder, "Data Source=design-time.db");
        return new SqlitePoliciesDbContext(builder.Options);
    }
}

/// <summary>Lets the migration tooling build the PostgreSQL context without the host.</summary>
public sealed class PostgresPoliciesDbContextFactory : IDesignTimeDbContextFactory<PostgresPoliciesDbContext>
{
    public PostgresPoliciesDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresPoliciesDbContext>();
        PoliciesDatabase.ConfigurePostgres(builder, "Host=localhost;Database=isoc_design");
        return new PostgresPoliciesDbContext(builder.Options);
    }
}
