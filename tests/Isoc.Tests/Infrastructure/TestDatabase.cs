using Isoc.Cms;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Isoc.Tests.Infrastructure;

/// <summary>
/// A database that belongs to one test fixture: a fresh temp data folder (SQLite's file lives there), and for
/// PostgreSQL a fresh database on the server named by ISOC_TEST_POSTGRES, dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "ISOC_TEST_POSTGRES";

    private int _disposed;

    private TestDatabase(DatabaseProvider provider, string dataPath, string? connectionString, string? databaseName)
    {
        Provider = provider;
        DataPath = dataPath;
        ConnectionString = connectionString;
        DatabaseName = databaseName;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The host's Isoc:DataPath, a fresh folder under the temp directory.</summary>
    public string DataPath { get; }

    /// <summary>Null for SQLite: the host then uses its default file in <see cref="DataPath"/>.</summary>
    public string? ConnectionString { get; }

    public string? DatabaseName { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "isoc-tests", $"{provider.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataPath);
        if (provider == DatabaseProvider.Sqlite)
        {
            return new TestDatabase(provider, dataPath, null, null);
        }

        var server = ServerConnectionString();
        var name = $"isoc_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(provider, dataPath, builder.ConnectionString, name);
    }

    /// <summary>The server to create test databases on; a clear failure (never a silent skip) when it is not given.</summary>
    public static string ServerConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"The PostgreSQL integration tests need a server: {PostgresVariable} is not set. " +
                "Run ./test.sh at the repository root (it starts a throwaway PostgreSQL and sets it), or set " +
                $"{PostgresVariable}=\"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\" yourself.");
        }

        return value;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (Provider == DatabaseProvider.Postgres && DatabaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(ServerConnectionString());
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }

        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the temp cleaner; the next run uses a new folder anyway.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
