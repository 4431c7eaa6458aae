using System.Net.Sockets;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Isoc.Plugins.Mail;

/// <summary>Where the sender hands messages. One instance per sender, used by one task at a time.</summary>
internal interface IMailTransport : IAsyncDisposable
{
    /// <summary>Returns when the server (or the disk) has accepted the message; throws otherwise.</summary>
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);

    /// <summary>Nothing to send for a while: let go of the connection.</summary>
    Task IdleAsync(CancellationToken cancellationToken);

    /// <summary>After a failure: drop the connection so the next send starts afresh.</summary>
    Task ResetAsync();
}

/// <summary>Writes each message as "<c>{Message-ID}.eml</c>": a second write of the same message replaces the first.</summary>
internal sealed class PickupMailTransport(string folder) : IMailTransport
{
    public string Folder { get; } = folder;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        var path = Path.Combine(Folder, $"{name}.eml");
        var temporary = path + ".tmp";
        await message.WriteToAsync(temporary, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    public Task IdleAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ResetAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>One SMTP connection, opened on the first send and reused for the next ones.</summary>
internal sealed class SmtpMailTransport(MailOptions options) : IMailTransport
{
    private SmtpClient? _client;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public async Task IdleAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } client)
        {
            try
            {
                await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or MailKit.Net.Smtp.SmtpProtocolException or MailKit.ServiceNotConnectedException or OperationCanceledException)
            {
                // A connection already gone is what idling wants anyway.
            }
        }

        await ResetAsync().ConfigureAwait(false);
    }

    public Task ResetAsync()
    {
        _client?.Dispose();
        _client = null;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await IdleAsync(CancellationToken.None).ConfigureAwait(false);

    private async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } connected)
        {
            return connected;
        }

        await ResetAsync().ConfigureAwait(false);
        var client = new SmtpClient { Timeout = (int)options.Smtp.Timeout.TotalMilliseconds };
        try
        {
            // Our own socket, for NoDelay: SMTP is many small request-reply turns, and Nagle's algorithm
            // meeting delayed ACKs adds tens of milliseconds to each one.
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(options.Smtp.Host!, options.Smtp.Port, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            await client.ConnectAsync(socket, options.Smtp.Host!, options.Smtp.Port, options.SocketOptions, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(options.Smtp.Username))
            {
                await client.AuthenticateAsync(options.Smtp.Username, options.Smtp.Password ?? "", cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        _client = client;
        return client;
    }
}

internal static class MailTransportFactory
{
    public static IMailTransport Create(IOptions<MailOptions> options, MailPaths paths) =>
        options.Value.Transport == MailTransport.Smtp ? new SmtpMailTransport(options.Value) : new PickupMailTransport(paths.PickupFolder);
}

/// <summary>The pickup folder, resolved against the data folder once.</summary>
public sealed record MailPaths(string PickupFolder);
