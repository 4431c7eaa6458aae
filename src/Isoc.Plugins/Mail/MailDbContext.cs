using System.Data.Common;
using Isoc.Cms;
using Isoc.Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Isoc.Plugins.Mail;

/// <summary>
/// The mail plugin's outbox, in the engine's database under its own migrations history table, like Consent.
/// The table lives in the same database as every other module's tables, which is what lets a caller commit a
/// message in its own transaction (<see cref="IMailOutbox.EnqueueAsync(DbContext, MimeKit.MimeMessage, string, CancellationToken)"/>).
/// </summary>
public abstract class MailDbContext(DbContextOptions options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "mail_migrations";
    public const string OutboxTable = "mail_outbox";

    public DbSet<OutboxMail> Outbox => Set<OutboxMail>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var utc = new ValueConverter<DateTime, DateTime>(
            v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
            v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        var utcNullable = new ValueConverter<DateTime?, DateTime?>(
            v => v == null ? null : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
            v => v == null ? null : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
        modelBuilder.Entity<OutboxMail>(e =>
        {
            e.ToTable(OutboxTable);
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.MessageId).IsUnique();
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.Property(x => x.MessageId).HasMaxLength(250);
            e.Property(x => x.Recipient).HasMaxLength(320);
            e.Property(x => x.Subject).HasMaxLength(500);
            e.Property(x => x.Kind).HasMaxLength(100);
            e.Property(x => x.LastError).HasMaxLength(2000);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.CreatedAt).HasConversion(utc);
            e.Property(x => x.NextAttemptAt).HasConversion(utc);
            e.Property(x => x.LastAttemptAt).HasConversion(utcNullable);
            e.Property(x => x.SentAt).HasConversion(utcNullable);
        });
    }
}

public sealed class SqliteMailDbContext(DbContextOptions<SqliteMailDbContext> options) : MailDbContext(options);

public sealed class PostgresMailDbContext(DbContextOptions<PostgresMailDbContext> options) : MailDbContext(options);

/// <summary>Makes mail contexts on the engine's database: on their own connection, or on a caller's (to share its transaction).</summary>
public interface IMailDbContextFactory
{
    Task<MailDbContext> CreateAsync(CancellationToken cancellationToken);

    /// <summary>A context on <paramref name="connection"/>, which it neither opens for good nor closes.</summary>
    MailDbContext CreateOn(DbConnection connection);
}

/// <remarks>
/// Options are built once: a new options instance per context would make EF Core build its services and model
/// again each time (milliseconds per message). Contexts on a caller's connection share one connectionless options
/// instance and get the connection afterwards.
/// </remarks>
internal sealed class MailDbContextFactory : IMailDbContextFactory
{
    private readonly DatabaseConnection _database;
    private readonly DbContextOptions _own;
    private readonly DbContextOptions _shared;

    public MailDbContextFactory(DatabaseConnection database)
    {
        _database = database;
        if (database.Provider == DatabaseProvider.Postgres)
        {
            _own = MailDatabase.Postgres(b => b.UseNpgsql(database.ConnectionString, MailDatabase.History));
            _shared = MailDatabase.Postgres(b => b.UseNpgsql(MailDatabase.History));
        }
        else
        {
            _own = MailDatabase.Sqlite(b => b.UseSqlite(database.ConnectionString, MailDatabase.History).AddInterceptors(SqliteSynchronousNormal.Instance));
            _shared = MailDatabase.Sqlite(b => b.UseSqlite(MailDatabase.History));
        }
    }

    public Task<MailDbContext> CreateAsync(CancellationToken cancellationToken) => Task.FromResult(Create(_own));

    public MailDbContext CreateOn(DbConnection connection)
    {
        var db = Create(_shared);
        db.Database.SetDbConnection(connection);
        return db;
    }

    private MailDbContext Create(DbContextOptions options) =>
        _database.Provider == DatabaseProvider.Postgres
            ? new PostgresMailDbContext((DbContextOptions<PostgresMailDbContext>)options)
            : new SqliteMailDbContext((DbContextOptions<SqliteMailDbContext>)options);
}

internal static class MailDatabase
{
    public static void History(Microsoft.EntityFrameworkCore.Infrastructure.RelationalDbContextOptionsBuilder<Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder, Microsoft.EntityFrameworkCore.Sqlite.Infrastructure.Internal.SqliteOptionsExtension> b) =>
        b.MigrationsHistoryTable(MailDbContext.MigrationsHistoryTable);

    public static void History(Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder b) =>
        b.MigrationsHistoryTable(MailDbContext.MigrationsHistoryTable);

    public static DbContextOptions<SqliteMailDbContext> Sqlite(Action<DbContextOptionsBuilder<SqliteMailDbContext>> configure)
    {
        var builder = new DbContextOptionsBuilder<SqliteMailDbContext>();
        configure(builder);
        return builder.Options;
    }

    public static DbContextOptions<PostgresMailDbContext> Postgres(Action<DbContextOptionsBuilder<PostgresMailDbContext>> configure)
    {
        var builder = new DbContextOptionsBuilder<PostgresMailDbContext>();
        configure(builder);
        return builder.Options;
    }
}

/// <summary>Lets the migration tooling build the SQLite context without the host.</summary>
public sealed class SqliteMailDbContextFactory : IDesignTimeDbContextFactory<SqliteMailDbContext>
{
    public SqliteMailDbContext CreateDbContext(string[] args) =>
        new(MailDatabase.Sqlite(b => b.UseSqlite("Data Source=design-time.db", MailDatabase.History)));
}

/// <summary>Lets the migration tooling build the PostgreSQL context without the host.</summary>
public sealed class PostgresMailDbContextFactory : IDesignTimeDbContextFactory<PostgresMailDbContext>
{
    public PostgresMailDbContext CreateDbContext(string[] args) =>
        new(MailDatabase.Postgres(b => b.UseNpgsql("Host=localhost;Database=isoc_design", MailDatabase.History)));
}
