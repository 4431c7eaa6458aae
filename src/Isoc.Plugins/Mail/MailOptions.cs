using System.ComponentModel.DataAnnotations;
using MailKit.Security;
using MimeKit;
using MimeKit.Cryptography;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Mail;

public enum MailTransport
{
    /// <summary>Each message as an .eml file in <see cref="MailOptions.PickupFolder"/>: no server needed.</summary>
    Pickup,

    /// <summary>An SMTP server (<see cref="MailOptions.Smtp"/>).</summary>
    Smtp,
}

public enum SmtpSecurity
{
    /// <summary>Plain SMTP; only sensible on loopback or a trusted relay.</summary>
    None,

    /// <summary>Plain connection upgraded with STARTTLS, which must be offered (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
}

/// <summary>Settings under "Isoc:Mail".</summary>
public sealed class MailOptions
{
    public const string Section = "Isoc:Mail";

    public MailTransport Transport { get; set; } = MailTransport.Pickup;

    /// <summary>The sender of every transactional mail; its domain also names the Message-IDs.</summary>
    [Required]
    public string From { get; set; } = "no-reply@isoc.localhost";

    public string FromName { get; set; } = "Internet Society";

    /// <summary>Where the pickup transport writes .eml files; empty: "mail" in the data folder.</summary>
    public string? PickupFolder { get; set; }

    /// <summary>The site's public address, for links in mails ("https://www.isoc.ee"); empty: the request's own.</summary>
    public string? SiteUrl { get; set; }

    public SmtpSettings Smtp { get; set; } = new();

    public DkimSettings Dkim { get; set; } = new();

    public OutboxSettings Outbox { get; set; } = new();

    internal SecureSocketOptions SocketOptions => Smtp.Security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };
}

public sealed class SmtpSettings
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Empty: no authentication.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>DKIM signing with MimeKit: all three set, or none.</summary>
public sealed class DkimSettings
{
    public string? Domain { get; set; }

    public string? Selector { get; set; }

    /// <summary>A PEM file with the RSA private key.</summary>
    public string? PrivateKeyPath { get; set; }

    internal bool Enabled => !string.IsNullOrWhiteSpace(Domain) || !string.IsNullOrWhiteSpace(Selector) || !string.IsNullOrWhiteSpace(PrivateKeyPath);
}

public sealed class OutboxSettings
{
    /// <summary>Run the sender on this node (one node at a time sends: see the README).</summary>
    public bool SenderEnabled { get; set; } = true;

    /// <summary>How often the sender looks for due messages when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The first retry's delay after a 4xx reply or a dropped connection; it doubles with each attempt, up to an hour.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts before a message that keeps getting 4xx replies is marked failed.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The SMTP connection is kept open between messages and closed after this long without one.</summary>
    public TimeSpan IdleDisconnect { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Rules across fields: a broken mail setting stops the boot, not the first mail.</summary>
internal sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        var errors = new List<string>();
        if (!MailboxAddress.TryParse(options.From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            errors.Add("Isoc:Mail:From must be an email address.");
        }

        if (options.Transport == MailTransport.Smtp)
        {
            var smtp = options.Smtp;
            if (string.IsNullOrWhiteSpace(smtp.Host))
            {
                errors.Add("Isoc:Mail:Smtp:Host is required when Isoc:Mail:Transport is Smtp.");
            }

            if (smtp.Port is < 1 or > 65535)
            {
                errors.Add("Isoc:Mail:Smtp:Port must be between 1 and 65535.");
            }

            if (string.IsNullOrEmpty(smtp.Username) != string.IsNullOrEmpty(smtp.Password))
            {
                errors.Add("Isoc:Mail:Smtp:Username and Isoc:Mail:Smtp:Password go together: set both or neither.");
            }

            if (smtp.Timeout < TimeSpan.FromSeconds(1) || smtp.Timeout > TimeSpan.FromMinutes(10))
            {
                errors.Add("Isoc:Mail:Smtp:Timeout must be between 1 second and 10 minutes.");
            }
        }

        var outbox = options.Outbox;
        if (outbox.PollInterval < TimeSpan.FromMilliseconds(50) || outbox.PollInterval > TimeSpan.FromMinutes(10))
        {
            errors.Add("Isoc:Mail:Outbox:PollInterval must be between 50 ms and 10 minutes.");
        }

        if (outbox.RetryDelay < TimeSpan.FromMilliseconds(10) || outbox.RetryDelay > TimeSpan.FromHours(1))
        {
            errors.Add("Isoc:Mail:Outbox:RetryDelay must be between 10 ms and 1 hour.");
        }

        if (outbox.MaxAttempts is < 1 or > 100)
        {
            errors.Add("Isoc:Mail:Outbox:MaxAttempts must be between 1 and 100.");
        }

        if (options.Dkim.Enabled)
        {
            ValidateDkim(options.Dkim, errors);
        }

        if (!string.IsNullOrWhiteSpace(options.SiteUrl) && !Uri.TryCreate(options.SiteUrl, UriKind.Absolute, out _))
        {
            errors.Add("Isoc:Mail:SiteUrl must be an absolute URL such as https://www.example.org.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateDkim(DkimSettings dkim, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(dkim.Domain) || string.IsNullOrWhiteSpace(dkim.Selector) || string.IsNullOrWhiteSpace(dkim.PrivateKeyPath))
        {
            errors.Add("Isoc:Mail:Dkim needs Domain, Selector and PrivateKeyPath together.");
            return;
        }

        if (!File.Exists(dkim.PrivateKeyPath))
        {
            errors.Add($"Isoc:Mail:Dkim:PrivateKeyPath: no file at {dkim.PrivateKeyPath}.");
            return;
        }

        try
        {
            _ = new DkimSigner(dkim.PrivateKeyPath, dkim.Domain, dkim.Selector);
        }
        catch (Exception ex) when (ex is FormatException or IOException or ArgumentException or InvalidCastException or Org.BouncyCastle.Security.SecurityUtilityException)
        {
            errors.Add($"Isoc:Mail:Dkim:PrivateKeyPath is not a PEM private key: {ex.Message}");
        }
    }
}
