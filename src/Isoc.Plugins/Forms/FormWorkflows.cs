using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Forms;

/// <summary>The entry a workflow runs for: its answers as stored, read back from the database.</summary>
public sealed record FormEntryData(long Id, string FormAlias, string Culture, DateTime CreatedAt, string? PolicyVersion, string? PageUrl, IReadOnlyDictionary<string, JsonElement> Answers)
{
    /// <summary>One answer as text (a multiple choice joined by ", "), or null when the field was not answered or not shown.</summary>
    public string? Text(string alias) =>
        !Answers.TryGetValue(alias, out var value) ? null
        : value.ValueKind == JsonValueKind.Array ? string.Join(", ", value.EnumerateArray().Select(v => v.GetString()))
        : value.GetString();
}

/// <summary>What a workflow gets: the form, the entry, its own settings from the form definition, which attempt this is, and a scope's services.</summary>
public sealed record FormWorkflowContext(FormDefinition Form, FormEntryData Entry, IReadOnlyDictionary<string, string> Settings, int Attempt, IServiceProvider Services);

/// <summary>
/// Something that runs after a valid submission, named in a form definition by its <see cref="WorkflowAlias"/>
/// (&lt;Workflow Alias="postToUrl"&gt; with &lt;Setting Key="url"&gt;…). Any plugin registers its own with
/// <see cref="FormWorkflowServiceCollectionExtensions.AddFormWorkflow{T}"/>: the Mail plugin "sendEmail",
/// the Membership plugin "createOrUpdateMember". Runs in the background from the durable job table: throwing
/// means "failed, try again later"; the entry is already stored and stays whatever happens here.
/// </summary>
public interface IFormWorkflow
{
    string WorkflowAlias { get; }

    /// <summary>What editors see in the backoffice.</summary>
    string Name { get; }

    Task ExecuteAsync(FormWorkflowContext context, CancellationToken cancellationToken);
}

public static class FormWorkflowServiceCollectionExtensions
{
    public static IServiceCollection AddFormWorkflow<T>(this IServiceCollection services)
        where T : class, IFormWorkflow
    {
        services.AddSingleton<IFormWorkflow, T>();
        return services;
    }
}

/// <summary>A workflow failed in a way worth showing an editor as is.</summary>
public sealed class FormWorkflowException : Exception
{
    public FormWorkflowException()
    {
    }

    public FormWorkflowException(string message)
        : base(message)
    {
    }

    public FormWorkflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// "postToUrl": posts the entry as JSON to the URL in the "url" setting. Only http and https; no redirects
/// followed; and unless <see cref="FormsOptions.PostToUrlAllowPrivateNetworks"/> is on, the address actually
/// connected to (checked at connect time, after DNS) must be public, so a form cannot be aimed at the site's network.
/// </summary>
internal sealed class PostToUrlWorkflow(IHttpClientFactory clients) : IFormWorkflow
{
    public const string AliasName = "postToUrl";
    public const string ClientName = "Isoc.Forms.PostToUrl";

    public string WorkflowAlias => AliasName;

    public string Name => "Post to URL";

    public static string? CheckUrl(string? url) =>
        !Uri.TryCreate(url, UriKind.Absolute, out var uri) ? "the \"url\" setting is not an absolute URL."
        : uri.Scheme is not ("http" or "https") ? "only http and https URLs are allowed."
        : !string.IsNullOrEmpty(uri.UserInfo) ? "the URL must not carry credentials."
        : null;

    public async Task ExecuteAsync(FormWorkflowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var url = context.Settings.GetValueOrDefault("url");
        if (CheckUrl(url) is { } problem)
        {
            throw new FormWorkflowException("Post to URL: " + problem);
        }

        var entry = context.Entry;
        var body = new
        {
            form = entry.FormAlias,
            entryId = entry.Id,
            culture = entry.Culture,
            submittedAt = entry.CreatedAt,
            policyVersion = entry.PolicyVersion,
            values = entry.Answers,
        };
        var client = clients.CreateClient(ClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url!)) { Content = JsonContent.Create(body) };
        // Lets the receiver drop a repeat: a retry after a lost answer sends the same key.
        request.Headers.Add("Idempotency-Key", $"isoc-form-entry-{entry.Id}-{context.Form.Alias}");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new FormWorkflowException($"Post to URL: {url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
    }

    /// <summary>The handler behind the named client: the address check at connect time, no redirects, no cookies.</summary>
    public static SocketsHttpHandler CreateHandler(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<FormsOptions>>().Value;
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
                var allowed = options.PostToUrlAllowPrivateNetworks ? addresses : addresses.Where(IsPublic).ToArray();
                if (allowed.Length == 0)
                {
                    throw new FormWorkflowException($"Post to URL: {context.DnsEndPoint.Host} is not a public address.");
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }

    /// <summary>Not loopback, private, link-local, carrier-grade NAT, unspecified or multicast.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 10
                || b[0] == 0
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || b[0] >= 224);
        }

        var bytes = address.GetAddressBytes();
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (bytes[0] & 0xFE) == 0xFC);
    }
}
