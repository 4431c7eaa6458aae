using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Isoc.Plugins.Forms;

/// <summary>A form definition as stored: the uSync XML itself, so import, edit and export keep one shape.</summary>
public sealed class FormRecord
{
    public Guid Key { get; set; }

    public string Alias { get; set; } = "";

    public string DefinitionXml { get; set; } = "";

    public DateTime UpdatedAt { get; set; }
}

/// <summary>One valid submission: the visible fields' answers as JSON, written in the same transaction as its workflow jobs.</summary>
public sealed class FormEntry
{
    public long Id { get; set; }

    public Guid FormKey { get; set; }

    public string FormAlias { get; set; } = "";

    public string Culture { get; set; } = FormDefinition.DefaultCulture;

    /// <summary>{"alias": "answer"} or {"alias": ["a", "b"]} for multiple choice; files by name and size.</summary>
    public string ValuesJson { get; set; } = "{}";

    /// <summary>The answers lower-cased in one string, so entries can be searched without parsing JSON.</summary>
    public string SearchText { get; set; } = "";

    /// <summary>The privacy policy version a consent field accepted; null when the form has none.</summary>
    public string? PolicyVersion { get; set; }

    /// <summary>The page the form was sent from.</summary>
    public string? PageUrl { get; set; }

    public DateTime CreatedAt { get; set; }
}

public sealed class FormEntryFile
{
    public long Id { get; set; }

    public long EntryId { get; set; }

    public string FieldAlias { get; set; } = "";

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "application/octet-stream";

    public long Length { get; set; }

    public byte[] Content { get; set; } = [];
}

public enum FormWorkflowStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// A workflow to run for an entry: the durable queue. Written with the entry; the runner claims it, runs it,
/// and on failure sets the next attempt further off, until it gives up and marks it failed for an editor to retry.
/// </summary>
public sealed class FormWorkflowJob
{
    public long Id { get; set; }

    public long EntryId { get; set; }

    public string FormAlias { get; set; } = "";

    /// <summary>Its place in the form's list of workflows (they run in that order, each on its own).</summary>
    public int Position { get; set; }

    public string WorkflowAlias { get; set; } = "";

    public FormWorkflowStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    /// <summary>While running: when another runner may assume this one died and take the job over.</summary>
    public DateTime? LeaseUntil { get; set; }

    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? CompletedAt { get; set; }
}

/// <summary>
/// The Forms plugin's tables, in the engine's database under their own migrations history table; one derived
/// context per provider, each with its migrations folder (as the Consent plugin does).
/// </summary>
public abstract class FormsDbContext(DbContextOptions options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "forms_migrations";

    public DbSet<FormRecord> Forms => Set<FormRecord>();

    public DbSet<FormEntry> Entries => Set<FormEntry>();

    public DbSet<FormEntryFile> Files => Set<FormEntryFile>();

    public DbSet<FormWorkflowJob> Jobs => Set<FormWorkflowJob>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var utc = new ValueConverter<DateTime, DateTime>(
            v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
            v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        var utcOrNull = new ValueConverter<DateTime?, DateTime?>(
            v => v == null ? null : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
            v => v == null ? null : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));

        modelBuilder.Entity<FormRecord>(e =>
        {
            e.ToTable("forms");
            e.HasKey(x => x.Key);
            e.Property(x => x.Alias).HasMaxLength(64);
            e.HasIndex(x => x.Alias).IsUnique();
            e.Property(x => x.UpdatedAt).HasConversion(utc);
        });
        modelBuilder.Entity<FormEntry>(e =>
        {
            e.ToTable("form_entries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.FormAlias).HasMaxLength(64);
            e.Property(x => x.Culture).HasMaxLength(20);
            e.Property(x => x.PolicyVersion).HasMaxLength(100);
            e.Property(x => x.PageUrl).HasMaxLength(2000);
            e.Property(x => x.CreatedAt).HasConversion(utc);
            e.HasIndex(x => new { x.FormKey, x.CreatedAt });
            e.HasIndex(x => x.CreatedAt);
        });
        modelBuilder.Entity<FormEntryFile>(e =>
        {
            e.ToTable("form_entry_files");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.FieldAlias).HasMaxLength(64);
            e.Property(x => x.FileName).HasMaxLength(255);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.HasIndex(x => x.EntryId);
            e.HasOne<FormEntry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<FormWorkflowJob>(e =>
        {
            e.ToTable("form_workflow_jobs");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.FormAlias).HasMaxLength(64);
            e.Property(x => x.WorkflowAlias).HasMaxLength(64);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.LastError).HasMaxLength(2000);
            e.Property(x => x.NextAttemptAt).HasConversion(utc);
            e.Property(x => x.CreatedAt).HasConversion(utc);
            e.Property(x => x.LeaseUntil).HasConversion(utcOrNull);
            e.Property(x => x.CompletedAt).HasConversion(utcOrNull);
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => x.EntryId);
            e.HasOne<FormEntry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

public sealed class SqliteFormsDbContext(DbContextOptions<SqliteFormsDbContext> options) : FormsDbContext(options);

public sealed class PostgresFormsDbContext(DbContextOptions<PostgresFormsDbContext> options) : FormsDbContext(options);

internal static class FormsDatabase
{
    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, b => b.MigrationsHistoryTable(FormsDbContext.MigrationsHistoryTable));

    public static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, b => b.MigrationsHistoryTable(FormsDbContext.MigrationsHistoryTable));
}

internal interface IFormsDbContextFactory
{
    Task<FormsDbContext> CreateAsync(CancellationToken cancellationToken);
}

internal sealed class FormsDbContextFactory<TContext>(IDbContextFactory<TContext> factory) : IFormsDbContextFactory
    where TContext : FormsDbContext
{
    public async Task<FormsDbContext> CreateAsync(CancellationToken cancellationToken) =>
        await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
}

/// <summary>Lets the migration tooling build the SQLite context without the host.</summary>
public sealed class SqliteFormsDbContextFactory : IDesignTimeDbContextFactory<SqliteFormsDbContext>
{
    public SqliteFormsDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteFormsDbContext>();
        FormsDatabase.ConfigureSqlite(builder, "Data Source=design-time.db");
        return new SqliteFormsDbContext(builder.Options);
    }
}

/// <summary>Lets the migration tooling build the PostgreSQL context without the host.</summary>
public sealed class PostgresFormsDbContextFactory : IDesignTimeDbContextFactory<PostgresFormsDbContext>
{
    public PostgresFormsDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresFormsDbContext>();
        FormsDatabase.ConfigurePostgres(builder, "Host=localhost;Database=isoc_design");
        return new PostgresFormsDbContext(builder.Options);
    }
}
