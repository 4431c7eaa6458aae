using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Isoc.Plugins.Consent;

/// <summary>
/// The consent plugin's own tables, in the engine's database but under its own migrations history table
/// (<see cref="MigrationsHistoryTable"/>): the engine never learns this model, and the plugin's migrations
/// come and go with it. One derived context per provider, each with its own migrations folder.
/// </summary>
public abstract class ConsentDbContext(DbContextOptions options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "consent_migrations";
    public const string RecordsTable = "consent_records";

    public DbSet<ConsentRecord> Records => Set<ConsentRecord>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseChangesToRecords();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseChangesToRecords();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<ConsentRecord>(e =>
        {
            e.ToTable(RecordsTable);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.HasIndex(x => x.ConsentId);
            e.HasIndex(x => x.RecordedAt);
            e.Property(x => x.Granted).HasMaxLength(100);
            e.Property(x => x.Denied).HasMaxLength(100);
            e.Property(x => x.PolicyVersion).HasMaxLength(100);
            e.Property(x => x.Source).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.UserAgentFamily).HasMaxLength(20);
            e.Property(x => x.Culture).HasMaxLength(20);
            e.Property(x => x.RecordedAt).HasConversion(new ValueConverter<DateTime, DateTime>(
                v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
                v => DateTime.SpecifyKind(v, DateTimeKind.Utc)));
        });
    }

    /// <summary>Append-only in code too: a record, once written, is never changed or removed.</summary>
    private void RefuseChangesToRecords()
    {
        if (ChangeTracker.Entries<ConsentRecord>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("Consent records are append-only: they cannot be changed or deleted.");
        }
    }
}

public sealed class SqliteConsentDbContext(DbContextOptions<SqliteConsentDbContext> options) : ConsentDbContext(options);

public sealed class PostgresConsentDbContext(DbContextOptions<PostgresConsentDbContext> options) : ConsentDbContext(options);

internal static class ConsentDatabase
{
    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, b => b.MigrationsHistoryTable(ConsentDbContext.MigrationsHistoryTable));

    public static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, b => b.MigrationsHistoryTable(ConsentDbContext.MigrationsHistoryTable));
}

/// <summary>Lets the migration tooling build the SQLite context without the host.</summary>
public sealed class SqliteConsentDbContextFactory : IDesignTimeDbContextFactory<SqliteConsentDbContext>
{
    public SqliteConsentDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteConsentDbContext>();
        ConsentDatabase.ConfigureSqlite(builder, "Data Source=design-time.db");
        return new SqliteConsentDbContext(builder.Options);
    }
}

/// <summary>Lets the migration tooling build the PostgreSQL context without the host.</summary>
public sealed class PostgresConsentDbContextFactory : IDesignTimeDbContextFactory<PostgresConsentDbContext>
{
    public PostgresConsentDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresConsentDbContext>();
        ConsentDatabase.ConfigurePostgres(builder, "Host=localhost;Database=isoc_design");
        return new PostgresConsentDbContext(builder.Options);
    }
}
