using Isoc.Cms;
using Isoc.Cms.Data;
using Isoc.Plugins.Mail;
using Isoc.Plugins.Mail.Templates;
using Isoc.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Isoc.Tests.Mail;

/// <summary>The outbox on SQLite.</summary>
public sealed class SqliteMailOutboxTests() : MailOutboxTests(DatabaseProvider.Sqlite);

/// <summary>The outbox on PostgreSQL (ISOC_TEST_POSTGRES; ./test.sh provides it).</summary>
public sealed class PostgresMailOutboxTests() : MailOutboxTests(DatabaseProvider.Postgres);

/// <summary>The outbox against a real SMTP server on loopback: delivery, retries, refusals, and restarts.</summary>
public abstract class MailOutboxTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly LoopbackSmtpServer _smtp = LoopbackSmtpServer.Start();
    private readonly List<CmsFactory> _hosts = [];
    private TestDatabase? _database;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await _smtp.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_queued_mail_arrives_once_in_both_formats_with_its_fixed_message_id()
    {
        var cms = Host();
        var row = await QueueAsync(cms, "et-EE", "mari@example.ee");

        await _smtp.WaitUntilAsync(s => s.Received.Count == 1);
        var mail = _smtp.Received.Single();
        Assert.Equal(row.MessageId, mail.MessageId);
        Assert.Equal("Kinnitage oma e-posti aadress", mail.Subject);
        Assert.Equal("mari@example.ee", mail.To.Mailboxes.Single().Address);
        Assert.Contains("https://isoc.test/confirm?t=abc", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Kinnita aadress", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Sent, (await RowAsync(cms, row.Id)).Status);
    }

    [Fact]
    public async Task A_4xx_reply_is_retried_with_backoff_until_the_server_accepts()
    {
        _smtp.Reply(451, count: 2);
        var cms = Host();
        var row = await QueueAsync(cms, "en-US", "retry@example.org");

        await _smtp.WaitUntilAsync(s => s.Received.Count == 1);
        await WaitForStatusAsync(cms, row.Id, OutboxStatus.Sent);
        Assert.Equal(3, _smtp.Attempts);
        Assert.Equal(3, (await RowAsync(cms, row.Id)).Attempts);
        Assert.Equal("Confirm your email address", _smtp.Received.Single().Subject);
    }

    [Fact]
    public async Task A_5xx_reply_marks_the_mail_failed_and_it_is_not_retried()
    {
        _smtp.Reply(550);
        var cms = Host();
        var row = await QueueAsync(cms, "en-US", "nobody@example.org");

        var failed = await WaitForStatusAsync(cms, row.Id, OutboxStatus.Failed);
        Assert.StartsWith("550", failed.LastError, StringComparison.Ordinal);
        await Task.Delay(500); // several poll intervals and retry delays
        Assert.Equal(1, _smtp.Attempts);
        Assert.Empty(_smtp.Received);

        // Administrators see it in the backoffice, with the server's reply.
        using var session = new FormSession(cms.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await session.GetAsync("/umbraco/login");
        using (var signIn = await session.PostAsync("/umbraco/login", new Dictionary<string, string> { ["Email"] = CmsFactory.AdminEmail, ["Password"] = CmsFactory.AdminPassword }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Redirect, signIn.StatusCode);
        }

        var (status, html) = await session.GetAsync("/umbraco/mail");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Contains("nobody@example.org", html, StringComparison.Ordinal);
        Assert.Contains("550 5.7.1 refused by the test", html, StringComparison.Ordinal);
        Assert.Contains("Failed: 1", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_dkim_key_configured_every_mail_carries_a_signature_that_verifies()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var keyPath = Path.Combine(_database!.DataPath, "dkim.pem");
        await File.WriteAllTextAsync(keyPath, rsa.ExportRSAPrivateKeyPem());
        var cms = Host(new Dictionary<string, string?>(_smtp.Settings)
        {
            ["Isoc:Mail:Dkim:Domain"] = "isoc.localhost",
            ["Isoc:Mail:Dkim:Selector"] = "mail2026",
            ["Isoc:Mail:Dkim:PrivateKeyPath"] = keyPath,
        });
        await QueueAsync(cms, "et-EE", "signed@example.ee");

        await _smtp.WaitUntilAsync(s => s.Received.Count == 1);
        var message = _smtp.Received.Single();
        var index = message.Headers.IndexOf(HeaderId.DkimSignature);
        Assert.True(index >= 0, "no DKIM-Signature header");
        Assert.Contains("d=isoc.localhost", message.Headers[index].Value, StringComparison.Ordinal);
        var verifier = new MimeKit.Cryptography.DkimVerifier(new FixedKeyLocator(Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo())));
        Assert.True(await verifier.VerifyAsync(message, message.Headers[index]));
    }

    /// <summary>Answers the DNS lookup a verifier would make with the test's public key.</summary>
    private sealed class FixedKeyLocator(string publicKey) : MimeKit.Cryptography.DkimPublicKeyLocatorBase
    {
        public override Org.BouncyCastle.Crypto.AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            GetPublicKey($"v=DKIM1; k=rsa; p={publicKey}");

        public override Task<Org.BouncyCastle.Crypto.AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
    }

    [Fact]
    public async Task The_outbox_page_is_for_administrators_only()
    {
        var cms = Host();
        using var client = cms.CreateSiteClient();
        using var response = await client.GetAsync(new Uri("/umbraco/mail", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/umbraco/login", response.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_down_gets_the_mail_once_it_is_back()
    {
        var port = LoopbackSmtpServer.FreePort();
        var settings = new Dictionary<string, string?>(_smtp.Settings) { ["Isoc:Mail:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var cms = Host(settings);
        var row = await QueueAsync(cms, "en-US", "later@example.org");
        await WaitUntilAsync(async () => (await RowAsync(cms, row.Id)).Attempts >= 2);
        Assert.Contains((await RowAsync(cms, row.Id)).Status, new[] { OutboxStatus.Pending, OutboxStatus.Sending });

        await using var late = LoopbackSmtpServer.Start(port);
        await late.WaitUntilAsync(s => s.Received.Count == 1, TimeSpan.FromSeconds(30));
        Assert.Equal(row.MessageId, late.Received.Single().MessageId);
    }

    [Fact]
    public async Task A_restart_sends_what_was_queued_never_resends_what_was_sent_and_holds_back_what_was_in_flight()
    {
        // First run: three mails delivered.
        var first = Host();
        var sent = new List<OutboxMail>();
        for (var i = 0; i < 3; i++)
        {
            sent.Add(await QueueAsync(first, "en-US", $"sent{i}@example.org"));
        }

        await _smtp.WaitUntilAsync(s => s.Received.Count == 3);
        foreach (var mail in sent)
        {
            await WaitForStatusAsync(first, mail.Id, OutboxStatus.Sent);
        }

        await first.DisposeAsync();

        // A run that stops before sending: two mails committed, and one caught mid-send (Sending) by the crash.
        var crashed = Host(new Dictionary<string, string?>(_smtp.Settings) { ["Isoc:Mail:Outbox:SenderEnabled"] = "false" });
        var queued = new[] { await QueueAsync(crashed, "en-US", "queued1@example.org"), await QueueAsync(crashed, "et-EE", "queued2@example.ee") };
        var inFlight = await QueueAsync(crashed, "en-US", "inflight@example.org");
        await MailDbAsync(crashed, db => db.Outbox.Where(m => m.Id == inFlight.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sending).SetProperty(m => m.Attempts, 1)));
        await crashed.DisposeAsync();

        // Restart: the two queued go out, the three sent and the one in flight do not.
        var restarted = Host();
        await _smtp.WaitUntilAsync(s => s.Received.Count == 5);
        await Task.Delay(500);
        var ids = _smtp.Received.Select(m => m.MessageId).ToList();
        Assert.Equal(5, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(sent.Concat(queued).Select(m => m.MessageId).Order(), ids.Order());
        var review = await RowAsync(restarted, inFlight.Id);
        Assert.Equal(OutboxStatus.Review, review.Status);
        Assert.Contains("may have arrived", review.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mail_commits_or_rolls_back_with_the_callers_transaction()
    {
        var cms = Host();
        Guid rolledBack;
        Guid committed;
        await using (var scope = cms.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            var mailer = scope.ServiceProvider.GetRequiredService<ITransactionalMailer>();
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                rolledBack = (await mailer.QueueAsync(db, Confirm("en-US"), MailboxAddress.Parse("never@example.org"), CancellationToken.None)).Id;
                await transaction.RollbackAsync();
            }

            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                committed = (await mailer.QueueAsync(db, Confirm("en-US"), MailboxAddress.Parse("kept@example.org"), CancellationToken.None)).Id;
                await transaction.CommitAsync();
            }

            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                mailer.QueueAsync(db, Confirm("en-US"), MailboxAddress.Parse("no-transaction@example.org"), CancellationToken.None));
        }

        await _smtp.WaitUntilAsync(s => s.Received.Count == 1);
        await Task.Delay(300);
        Assert.Equal("kept@example.org", _smtp.Received.Single().To.Mailboxes.Single().Address);
        Assert.Null(await MailDbAsync(cms, db => db.Outbox.FirstOrDefaultAsync(m => m.Id == rolledBack)));
        await WaitForStatusAsync(cms, committed, OutboxStatus.Sent);
    }

    [Fact]
    public async Task Without_an_smtp_server_mail_is_written_as_eml_files_in_the_data_folder()
    {
        var cms = Host(new Dictionary<string, string?> { ["Isoc:Mail:Outbox:PollInterval"] = "00:00:00.1" });
        var row = await QueueAsync(cms, "en-US", "pickup@example.org");

        await WaitForStatusAsync(cms, row.Id, OutboxStatus.Sent);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(cms.Database.DataPath, "mail"), "*.eml"));
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal(row.MessageId, message.MessageId);
        Assert.Equal("Confirm your email address", message.Subject);
    }

    [Fact]
    public async Task A_broken_smtp_setting_stops_the_start_with_its_name()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CmsFactory.StartNewAsync(provider, new CmsHostOptions
        {
            ImportUSync = false,
            Settings = new Dictionary<string, string?> { ["Isoc:Mail:Transport"] = "Smtp", ["Isoc:Mail:Smtp:Username"] = "only-a-user" },
        }));
        Assert.Contains("Isoc:Mail:Smtp:Host", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Isoc:Mail:Smtp:Username and Isoc:Mail:Smtp:Password", error.ToString(), StringComparison.Ordinal);
    }

    private CmsFactory Host(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = new CmsFactory(_database!, new CmsHostOptions { ImportUSync = false, SchedulerEnabled = false, Settings = settings ?? _smtp.Settings });
        _ = host.Server;
        _hosts.Add(host);
        return host;
    }

    private static ConfirmAddressMail Confirm(string culture) =>
        new() { Culture = culture, Name = "Mari", Link = new Uri("https://isoc.test/confirm?t=abc") };

    private static async Task<OutboxMail> QueueAsync(CmsFactory cms, string culture, string to)
    {
        var mailer = cms.Services.GetRequiredService<ITransactionalMailer>();
        return await mailer.QueueAsync(Confirm(culture), new MailboxAddress("Mari", to), CancellationToken.None);
    }

    private static Task<OutboxMail> RowAsync(CmsFactory cms, Guid id) =>
        MailDbAsync(cms, db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));

    private static async Task<T> MailDbAsync<T>(CmsFactory cms, Func<MailDbContext, Task<T>> action)
    {
        await using var db = await cms.Services.GetRequiredService<IMailDbContextFactory>().CreateAsync(CancellationToken.None);
        return await action(db);
    }

    private static async Task<OutboxMail> WaitForStatusAsync(CmsFactory cms, Guid id, OutboxStatus status)
    {
        OutboxMail? row = null;
        await WaitUntilAsync(async () => (row = await RowAsync(cms, id)).Status == status);
        return row!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the outbox");
            await Task.Delay(25);
        }
    }
}
