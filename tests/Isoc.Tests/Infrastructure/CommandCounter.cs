using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Isoc.Tests.Infrastructure;

/// <summary>
/// Counts the SQL commands a host sends, and separately those sent while an HTTP request is being handled
/// (background work such as the scheduler has no request).
/// </summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private static readonly HttpContextAccessor Accessor = new();
    private long _total;
    private long _duringRequests;
    private readonly List<string> _requestCommands = [];

    public long Total => Interlocked.Read(ref _total);

    public long DuringRequests => Interlocked.Read(ref _duringRequests);

    /// <summary>"GET /path: SQL" for each command sent during a request, to say what touched the database.</summary>
    public IReadOnlyList<string> RequestCommands
    {
        get
        {
            lock (_requestCommands)
            {
                return [.. _requestCommands];
            }
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    private void Count(DbCommand command)
    {
        Interlocked.Increment(ref _total);
        if (Accessor.HttpContext is { } http)
        {
            Interlocked.Increment(ref _duringRequests);
            lock (_requestCommands)
            {
                _requestCommands.Add($"{http.Request.Method} {http.Request.Path}: {command.CommandText}");
            }
        }
    }
}
