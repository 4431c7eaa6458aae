// The benchmark harness. Starts the real site (Release build) as a child process on loopback and measures
// what the issues name; prints a Markdown table. Run from the repository root:
//   dotnet run -c Release --project bench/Isoc.Bench [-- --seconds 10 --connections 32] [--consent]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

if (args.Contains("--mail"))
{
    foreach (var line in await Isoc.Bench.MailBench.RunAsync(ArgValue("--mails", 1000)))
    {
        Console.WriteLine(line);
    }

    return 0;
}

var seconds = ArgValue("--seconds", 10);
var connections = ArgValue("--connections", 32);
var repo = FindRepoRoot();
if (args.Contains("--consent"))
{
    return await Isoc.Bench.ConsentBench.RunAsync(repo, seconds, connections, records: !args.Contains("--no-records")); // issue 5's figures: consent records, banner cost
}

var dataPath = Directory.CreateTempSubdirectory("isoc-bench-").FullName;
var report = new StringBuilder();
void Line(string text)
{
    Console.WriteLine(text);
    report.AppendLine(text);
}

Line($"# Isoc CMS benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Line($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; load generator in the same machine, {connections} connections, {seconds} s per round.");
Line("");
Line("| figure | value | target |");
Line("|---|---|---|");

if (args.Contains("--forms"))
{
    // Only the forms figure (issue 6): dotnet run -c Release --project bench/Isoc.Bench -- --forms
    var (formsSite, _) = await StartSiteAsync();
    try
    {
        await FormsBench.RunAsync(formsSite.BaseAddress, dataPath, seconds, connections, Line);
    }
    finally
    {
        formsSite.Stop();
    }

    return 0;
}

try
{
    // 1. First start on an empty database: migrations, uSync import, administrator.
    var (site, firstStart) = await StartSiteAsync();
    site.Stop();
    Line($"| first start, empty database (migrate + import uSync) to first 200 on / | {firstStart.TotalMilliseconds:F0} ms | — |");

    // 2. Cold start of the seeded site.
    (site, var coldStart) = await StartSiteAsync();
    Line($"| cold start of the seeded site to first 200 on / | {coldStart.TotalMilliseconds:F0} ms | < 2000 ms (Umbraco 13: 11–16 s) |");

    using var client = CreateClient(site.BaseAddress, connections);
    var home = await client.GetByteArrayAsync("/");
    using (var content = new ByteArrayContent(home))
    {
        (await client.PostAsync("/_bench/static", content)).EnsureSuccessStatusCode();
    }

    // 3. Throughput: home page against the same bytes from memory, alternating rounds, in one run.
    await LoadAsync(client, "/", TimeSpan.FromSeconds(2), connections); // warm-up
    await LoadAsync(client, "/_bench/static", TimeSpan.FromSeconds(2), connections);
    var staticRounds = new List<LoadResult>();
    var homeRounds = new List<LoadResult>();
    for (var round = 0; round < 2; round++)
    {
        staticRounds.Add(await LoadAsync(client, "/_bench/static", TimeSpan.FromSeconds(seconds), connections));
        homeRounds.Add(await LoadAsync(client, "/", TimeSpan.FromSeconds(seconds), connections));
    }

    var staticRps = staticRounds.Average(r => r.RequestsPerSecond);
    var homeRps = homeRounds.Average(r => r.RequestsPerSecond);
    Line($"| trivial endpoint (same {home.Length} bytes from memory) | {staticRps:F0} req/s, p50 {Median(staticRounds, r => r.P50):F2} ms | — |");
    Line($"| home page `/` | {homeRps:F0} req/s, p50 {Median(homeRounds, r => r.P50):F2} ms, p99 {Median(homeRounds, r => r.P99):F2} ms | — |");
    Line($"| home page throughput ÷ trivial endpoint | {homeRps / staticRps:F2} | ≥ 0.35 |");
    Line($"| resident memory after the throughput run | {site.ResidentMegabytes():F0} MB | < 250 MB |");

    // 3b. The Delivery API: one item by route against its own bytes from memory, alternating rounds.
    const string ItemPath = "/umbraco/delivery/api/v2/content/item/about/";
    var item = await client.GetByteArrayAsync(ItemPath);
    using (var content = new ByteArrayContent(item))
    {
        (await client.PostAsync("/_bench/static", content)).EnsureSuccessStatusCode();
    }

    await LoadAsync(client, ItemPath, TimeSpan.FromSeconds(2), connections);
    var itemStatic = new List<LoadResult>();
    var itemRounds = new List<LoadResult>();
    for (var round = 0; round < 2; round++)
    {
        itemStatic.Add(await LoadAsync(client, "/_bench/static", TimeSpan.FromSeconds(seconds), connections));
        itemRounds.Add(await LoadAsync(client, ItemPath, TimeSpan.FromSeconds(seconds), connections));
    }

    var itemRps = itemRounds.Average(r => r.RequestsPerSecond);
    Line($"| Delivery API `content/item/about/` ({item.Length} bytes of JSON) | {itemRps:F0} req/s, p50 {Median(itemRounds, r => r.P50):F2} ms | Umbraco 13: 229 req/s, median 33 ms (its machine) |");
    Line($"| Delivery API item ÷ trivial endpoint with the same bytes | {itemRps / itemStatic.Average(r => r.RequestsPerSecond):F2} | ≥ 0.5 |");

    // 3c. The backoffice (issue 4): publishing from the editor, and an editor with 200 versions.
    await EditorFigures.RunAsync(site.BaseAddress, "admin@localhost", "Bench-Password-2026!", Line);

    // 4. 10,000 generated nodes: snapshot build at start, and publish-to-visible.
    using var generated = await client.PostAsync("/_bench/generate?sections=10&perSection=1000", null);
    generated.EnsureSuccessStatusCode();
    var generation = await generated.Content.ReadFromJsonAsync<JsonElement>();
    var leaf = generation.GetProperty("sampleLeaf").GetGuid();
    var section = generation.GetProperty("sampleSection").GetGuid();
    site.Stop();

    (site, var bigStart) = await StartSiteAsync();
    using var bigClient = CreateClient(site.BaseAddress, connections);
    var stats = await bigClient.GetFromJsonAsync<JsonElement>("/_bench/stats");
    Line($"| nodes in the snapshot after generation | {stats.GetProperty("nodes").GetInt32()} | 10,010 + seed |");
    Line($"| snapshot build at start with them | {stats.GetProperty("snapshotBuildMs").GetDouble():F0} ms | < 3000 ms |");
    Line($"| cold start with them to first 200 on / | {bigStart.TotalMilliseconds:F0} ms | — |");

    // Publish to visible: the editor saved a new name (a draft, not timed here), then publishes; the clock runs
    // from sending the publish until the new URL answers 200.
    var saves = new List<double>();
    var visible = new List<double>();
    var inside = new List<double>();
    var refresh = new List<double>();
    for (var i = 0; i < 20; i++)
    {
        var name = $"Renamed page {i:D2}";
        var saveWatch = Stopwatch.StartNew();
        using (var renamed = await bigClient.PostAsync($"/_bench/rename/{leaf}?name={Uri.EscapeDataString(name)}", null))
        {
            renamed.EnsureSuccessStatusCode();
        }

        saves.Add(saveWatch.Elapsed.TotalMilliseconds);
        var watch = Stopwatch.StartNew();
        using var published = await bigClient.PostAsync($"/_bench/publish/{leaf}", null);
        published.EnsureSuccessStatusCode();
        var parts = await published.Content.ReadFromJsonAsync<JsonElement>();
        inside.Add(parts.GetProperty("publishMs").GetDouble());
        refresh.Add(parts.GetProperty("refreshMs").GetDouble());
        while (true)
        {
            using var probe = await bigClient.GetAsync($"/generated-section-1/renamed-page-{i:D2}/");
            if (probe.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            if (watch.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"Renamed page not visible after 10 s (last status {(int)probe.StatusCode}).");
            }
        }

        visible.Add(watch.Elapsed.TotalMilliseconds);
    }

    Line($"| publishing one node to visible on the site (send publish → new URL answers 200), 10k nodes, 20 tries | median {MedianText(visible)} ms, max {visible.Max():F1} ms | < 50 ms |");
    Line($"| … of which the publish itself, server side (validate, write, refresh the snapshot) | median {MedianText(inside)} ms; snapshot refresh {MedianText(refresh)} ms | — |");
    Line($"| saving the new name before it (a draft, one request) | median {MedianText(saves)} ms | — |");

    // The Delivery API over a node with 1,000 children: latency one request at a time, and under load.
    var childrenQuery = $"/umbraco/delivery/api/v2/content?fetch=children:{section}&take=10&sort=name:asc";
    await LoadAsync(bigClient, childrenQuery, TimeSpan.FromSeconds(2), connections);
    var childrenAlone = await LoadAsync(bigClient, childrenQuery, TimeSpan.FromSeconds(seconds), 1);
    var childrenLoaded = await LoadAsync(bigClient, childrenQuery, TimeSpan.FromSeconds(seconds), connections);
    Line($"| Delivery API `content?fetch=children:{{1,000 children}}&take=10&sort=name:asc`, one connection | p50 {childrenAlone.P50:F2} ms, p99 {childrenAlone.P99:F2} ms, {childrenAlone.RequestsPerSecond:F0} req/s | p50 < 5 ms |");
    Line($"| the same query at {connections} connections | p50 {childrenLoaded.P50:F2} ms, {childrenLoaded.RequestsPerSecond:F0} req/s | — |");

    // The 10k home page lists ten more sections: compare it with its own bytes from memory, after a longer warm-up.
    var bigHomeBytes = await bigClient.GetByteArrayAsync("/");
    using (var content = new ByteArrayContent(bigHomeBytes))
    {
        (await bigClient.PostAsync("/_bench/static", content)).EnsureSuccessStatusCode();
    }

    await LoadAsync(bigClient, "/", TimeSpan.FromSeconds(5), connections);
    await LoadAsync(bigClient, "/_bench/static", TimeSpan.FromSeconds(2), connections);
    var bigStatic = await LoadAsync(bigClient, "/_bench/static", TimeSpan.FromSeconds(seconds), connections);
    var bigHome = await LoadAsync(bigClient, "/", TimeSpan.FromSeconds(seconds), connections);
    Line($"| home page with 10k nodes ({bigHomeBytes.Length} bytes) | {bigHome.RequestsPerSecond:F0} req/s, p50 {bigHome.P50:F2} ms; ÷ trivial endpoint {bigHome.RequestsPerSecond / bigStatic.RequestsPerSecond:F2} | — |");
    Line($"| resident memory with 10k nodes after load | {site.ResidentMegabytes():F0} MB | — |");
    site.Stop();
}
finally
{
    try
    {
        Directory.Delete(dataPath, recursive: true);
    }
    catch (IOException)
    {
    }
}

var resultsFolder = Path.Combine(repo, "bench", "results");
Directory.CreateDirectory(resultsFolder);
await File.WriteAllTextAsync(Path.Combine(resultsFolder, "latest.md"), report.ToString());
return 0;

async Task<(SiteProcess Site, TimeSpan StartTime)> StartSiteAsync()
{
    var port = FreePort();
    var webDll = Path.Combine(AppContext.BaseDirectory, "Isoc.Web.dll");
    var info = new ProcessStartInfo("dotnet", [webDll, "--urls", $"http://127.0.0.1:{port}"])
    {
        WorkingDirectory = Path.Combine(repo, "src", "Isoc.Web"),
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    info.Environment["ASPNETCORE_CONTENTROOT"] = Path.Combine(repo, "src", "Isoc.Web");
    info.Environment["Isoc__DataPath"] = dataPath;
    info.Environment["Isoc__USync__RootFolder"] = Path.Combine(repo, "uSync");
    info.Environment["Isoc__Bench__Enabled"] = "true";
    info.Environment["Isoc__Forms__SubmissionsPerMinute"] = "1000000"; // the load comes from one address
    info.Environment["Isoc__Install__AdminPassword"] = "Bench-Password-2026!";
    info.Environment["Logging__LogLevel__Default"] = "Warning";
    var output = new StringBuilder();
    var watch = Stopwatch.StartNew();
    var process = Process.Start(info)!;
    process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
    process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    var baseAddress = new Uri($"http://127.0.0.1:{port}");
    using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
    while (true)
    {
        try
        {
            using var response = await probe.GetAsync("/");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return (new SiteProcess(process, baseAddress), watch.Elapsed);
            }
        }
        catch (HttpRequestException)
        {
        }

        if (process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(120))
        {
            throw new InvalidOperationException("The site did not start:\n" + output);
        }

        await Task.Delay(5);
    }
}

static HttpClient CreateClient(Uri baseAddress, int connections) => new(new SocketsHttpHandler
{
    MaxConnectionsPerServer = connections,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    AutomaticDecompression = DecompressionMethods.None,
})
{ BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };

static string MedianText(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2].ToString("F1", CultureInfo.InvariantCulture);
}

static async Task<LoadResult> LoadAsync(HttpClient client, string path, TimeSpan duration, int connections)
{
    var latencies = new List<double>[connections];
    var errors = 0;
    var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var total = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
    {
        var mine = latencies[worker] = new List<double>(100_000);
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref errors);
            }

            mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }));
    var elapsed = total.Elapsed.TotalSeconds;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    if (errors > 0)
    {
        throw new InvalidOperationException($"{errors} non-200 answers from {path}");
    }

    return new LoadResult(all.Length / elapsed, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
}

static double Median(List<LoadResult> rounds, Func<LoadResult, double> selector) => rounds.Select(selector).Order().ElementAt(rounds.Count / 2);

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Isoc.Cms.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run from inside the repository.");
}

int ArgValue(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed record LoadResult(double RequestsPerSecond, double P50, double P99);

internal sealed class SiteProcess(Process process, Uri baseAddress)
{
    public Uri BaseAddress { get; } = baseAddress;

    public double ResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    public void Stop()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}
