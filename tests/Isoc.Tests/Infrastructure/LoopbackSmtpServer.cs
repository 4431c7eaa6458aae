using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Isoc.Tests.Infrastructure;

/// <summary>
/// A real SMTP server (the SmtpServer package) on a free loopback port, inside the test process. It keeps
/// every message it accepted, and can be told to answer the next DATA commands with a 4xx or 5xx reply.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Store _store;
    private readonly Task _running;

    private LoopbackSmtpServer(int port)
    {
        Port = port;
        _store = new Store();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        services.Add(new NoDelayListenerFactory());
        var server = new SmtpServer.SmtpServer(options, services);
        _running = server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>Every message accepted (250), in order.</summary>
    public IReadOnlyList<MimeMessage> Received => [.. _store.Accepted];

    /// <summary>How many DATA commands arrived, accepted or not.</summary>
    public int Attempts => _store.Attempts;

    /// <summary>The settings that point the site's mail at this server.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Isoc:Mail:Transport"] = "Smtp",
        ["Isoc:Mail:Smtp:Host"] = "127.0.0.1",
        ["Isoc:Mail:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Isoc:Mail:Smtp:Security"] = "None",
        ["Isoc:Mail:Outbox:PollInterval"] = "00:00:00.1",
        ["Isoc:Mail:Outbox:RetryDelay"] = "00:00:00.1",
    };

    public static LoopbackSmtpServer Start(int? port = null) => new(port ?? FreePort());

    /// <summary>The next <paramref name="count"/> messages are answered with <paramref name="code"/> instead of 250.</summary>
    public void Reply(int code, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _store.Replies.Enqueue(code);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, or fails the test after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<LoopbackSmtpServer, bool> condition, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The SMTP server did not see what the test waited for ({_store.Accepted.Count} accepted, {_store.Attempts} attempts).");
            }

            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Replies go out at once: with Nagle's algorithm on, the second of two pipelined replies waits for the
    /// client's delayed ACK, about 40 ms a message. Accepted sockets inherit NoDelay from the listener (Linux).
    /// </summary>
    private sealed class NoDelayListenerFactory : SmtpServer.Net.EndpointListenerFactory
    {
        public override SmtpServer.Net.IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            // The package keeps its TcpListener private; the option is set on it before any client connects.
            var endpoint = base.CreateListener(endpointDefinition);
            var field = endpoint.GetType().GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
                .Single(f => f.FieldType == typeof(TcpListener));
            ((TcpListener)field.GetValue(endpoint)!).Server.NoDelay = true;
            return endpoint;
        }
    }

    private sealed class Store : MessageStore
    {
        private int _attempts;

        public ConcurrentQueue<MimeMessage> Accepted { get; } = new();

        public ConcurrentQueue<int> Replies { get; } = new();

        public int Attempts => Volatile.Read(ref _attempts);

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            if (Replies.TryDequeue(out var code))
            {
                return new SmtpResponse((SmtpReplyCode)code, code >= 500 ? "5.7.1 refused by the test" : "4.3.0 try again later (test)");
            }

            using var stream = new MemoryStream(buffer.ToArray());
            Accepted.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
