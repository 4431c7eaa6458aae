// The outbox figure of issue 6: 1,000 transactional mails through the real composer, outbox and sender to an
// SMTP server on loopback (the SmtpServer package, in this process). Run alone:
//   dotnet run -c Release --project bench/Isoc.Bench -- --mail
using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Isoc.Cms;
using Isoc.Plugins;
using Isoc.Plugins.Mail;
using Isoc.Plugins.Mail.Templates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Isoc.Bench;

internal static class MailBench
{
    public static async Task<IReadOnlyList<string>> RunAsync(int count)
    {
        var dataPath = Directory.CreateTempSubdirectory("isoc-mailbench-").FullName;
        var port = FreePort();
        var store = new CountingStore();
        using var stop = new CancellationTokenSource();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        services.Add(new NoDelayListenerFactory());
        var server = new SmtpServer.SmtpServer(
            new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build(),
            services);
        var serverTask = server.StartAsync(stop.Token);
        try
        {
            // Queue with the sender off, then start a node that only sends: the two rates apart.
            var queueTime = Stopwatch.StartNew();
            using (var host = await StartAsync(dataPath, port, senderEnabled: false))
            {
                var mailer = host.Services.GetRequiredService<ITransactionalMailer>();
                queueTime.Restart();
                for (var i = 0; i < count; i++)
                {
                    var mail = new ConfirmAddressMail
                    {
                        Culture = i % 2 == 0 ? "en-US" : "et-EE",
                        Name = $"Member {i}",
                        Link = new Uri($"https://isoc.test/account/confirm?user={i}&token=bench"),
                    };
                    await mailer.QueueAsync(mail, new MailboxAddress($"Member {i}", $"member{i}@example.org"), CancellationToken.None);
                }

                queueTime.Stop();
                await host.StopAsync();
            }

            var sendTime = Stopwatch.StartNew();
            using (var host = await StartAsync(dataPath, port, senderEnabled: true))
            {
                while (store.Received < count && sendTime.Elapsed < TimeSpan.FromMinutes(5))
                {
                    await Task.Delay(5);
                }

                sendTime.Stop();
                await Task.Delay(1000); // anything sent twice would arrive now
                await host.StopAsync();
            }

            var distinct = store.MessageIds.Distinct().Count();
            var received = store.Received;

            // The floor: a bare MailKit client sending small messages to the same server over one connection.
            var bare = await BareClientAsync(port, 200);
            return
            [
                $"| {count:N0} transactional mails composed (Razor, HTML + text) and committed to the outbox, one at a time | {count / queueTime.Elapsed.TotalSeconds:F0} mails/s ({queueTime.Elapsed.TotalSeconds:F1} s) | — |",
                $"| the same {count:N0} delivered by the outbox sender to a loopback SMTP server (SmtpServer 11.1), one connection | {received / sendTime.Elapsed.TotalSeconds:F0} mails/s ({sendTime.Elapsed.TotalSeconds:F1} s) | — |",
                $"| the floor: a bare MailKit client to the same server, one connection, 200 small messages | {bare:F0} mails/s | — |",
                $"| received by the server: messages, distinct Message-IDs (none twice) | {received}, {distinct} | {count}, {count} |",
            ];
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await serverTask;
            }
            catch (OperationCanceledException)
            {
            }

            try
            {
                Directory.Delete(dataPath, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<IHost> StartAsync(string dataPath, int port, bool senderEnabled)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Isoc:DataPath"] = dataPath,
            ["Isoc:Install:ImportUSync"] = "false",
            ["Isoc:Install:AdminPassword"] = "Bench-Admin-Pa55word!",
            ["Isoc:Publishing:SchedulerEnabled"] = "false",
            ["Isoc:Mail:Transport"] = "Smtp",
            ["Isoc:Mail:Smtp:Host"] = "127.0.0.1",
            ["Isoc:Mail:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Isoc:Mail:Smtp:Security"] = "None",
            ["Isoc:Mail:Outbox:SenderEnabled"] = senderEnabled.ToString(CultureInfo.InvariantCulture),
            ["Isoc:Mail:Outbox:PollInterval"] = "00:00:00.1",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddIsocCms();
        builder.AddIsocPlugins(new MailPlugin());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<double> BareClientAsync(int port, int count)
    {
        using var client = new MailKit.Net.Smtp.SmtpClient();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await client.ConnectAsync(socket, "127.0.0.1", port, MailKit.Security.SecureSocketOptions.None);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            using var message = new MimeMessage { Subject = "floor", Body = new TextPart("plain") { Text = "hello" } };
            message.From.Add(MailboxAddress.Parse("bench@isoc.test"));
            message.To.Add(MailboxAddress.Parse($"floor{i}@example.org"));
            await client.SendAsync(message);
        }

        var rate = count / watch.Elapsed.TotalSeconds;
        await client.DisconnectAsync(true);
        return rate;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The server's replies without Nagle delays (its TcpListener is private; accepted sockets inherit the option).</summary>
    private sealed class NoDelayListenerFactory : SmtpServer.Net.EndpointListenerFactory
    {
        public override SmtpServer.Net.IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var endpoint = base.CreateListener(endpointDefinition);
            var field = endpoint.GetType().GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
                .Single(f => f.FieldType == typeof(TcpListener));
            ((TcpListener)field.GetValue(endpoint)!).Server.NoDelay = true;
            return endpoint;
        }
    }

    private sealed class CountingStore : MessageStore
    {
        private int _received;

        public ConcurrentBag<string> MessageIds { get; } = [];

        public int Received => Volatile.Read(ref _received);

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var headers = await HeaderList.LoadAsync(stream, cancellationToken);
            MessageIds.Add(headers[HeaderId.MessageId] ?? "");
            Interlocked.Increment(ref _received);
            return SmtpResponse.Ok;
        }
    }
}
