using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Cms.Data;

internal static class DatabaseSetup
{
    public static string SqliteConnectionString(string dataPath) =>
        $"Data Source={Path.Combine(dataPath, "isoc.db")};Pooling=True;Default Timeout=30";

    /// <summary>Registers the provider's context and exposes it as <see cref="CmsDbContext"/>.</summary>
    public static void AddCmsDbContext(IServiceCollection services, DatabaseOptions database, string dataPath)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContext<PostgresCmsDbContext>(o => ConfigurePostgres(o, database.ConnectionString!));
            services.AddScoped<CmsDbContext>(sp => sp.GetRequiredService<PostgresCmsDbContext>());
            services.AddSingleton(new DatabaseConnection(DatabaseProvider.Postgres, database.ConnectionString!));
        }
        else
        {
            var connectionString = string.IsNullOrWhiteSpace(database.ConnectionString) ? SqliteConnectionString(dataPath) : database.ConnectionString;
            services.AddDbContext<SqliteCmsDbContext>(o => ConfigureSqlite(o, connectionString));
            services.AddScoped<CmsDbContext>(sp => sp.GetRequiredService<SqliteCmsDbContext>());
            services.AddSingleton(new DatabaseConnection(DatabaseProvider.Sqlite, connectionString));
        }
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, b => b.MigrationsHistoryTable(CmsDbContext.MigrationsHistoryTable))
            .AddInterceptors(SqliteSynchronousNormal.Instance);

    public static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, b => b.MigrationsHistoryTable(CmsDbContext.MigrationsHistoryTable));
}

/// <summary>
/// In WAL mode, synchronous=NORMAL is SQLite's recommended setting: a commit no longer waits for an fsync
/// (checkpoints still do), the file can never be corrupted, and a power cut can at worst lose the last
/// commits. Publishing is several commits, so this is most of the time a publish takes to show.
/// The setting belongs to each connection, so it is applied whenever one opens.
/// </summary>
public sealed class SqliteSynchronousNormal : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqliteSynchronousNormal Instance = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData) =>
        Apply(connection);

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private const string Pragma = "PRAGMA synchronous=NORMAL;";

    private static void Apply(System.Data.Common.DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }
}

/// <summary>Lets the migration tooling build the SQLite context without the host.</summary>
public sealed class SqliteCmsDbContextFactory : IDesignTimeDbContextFactory<SqliteCmsDbContext>
{
    public SqliteCmsDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteCmsDbContext>();
        DatabaseSetup.ConfigureSqlite(builder, "Data Source=design-time.db");
        return new SqliteCmsDbContext(builder.Options);
    }
}

/// <summary>Lets the migration tooling build the PostgreSQL context without the host.</summary>
public sealed class PostgresCmsDbContextFactory : IDesignTimeDbContextFactory<PostgresCmsDbContext>
{
    public PostgresCmsDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresCmsDbContext>();
        DatabaseSetup.ConfigurePostgres(builder, "Host=localhost;Database=isoc_design");
        return new PostgresCmsDbContext(builder.Options);
    }
}
