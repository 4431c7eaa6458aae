using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Isoc.Bench;

/// <summary>
/// Figures of issue 5 (consent and analytics), run with <c>-- --consent</c>:
/// (a) consent choices posted at a steady 1,000 a second to the real endpoint on SQLite, the rate achieved, and the
/// records counted in the database afterwards; (b) the home page with the consent banner (and every other plugin)
/// against the same page with the plugins switched off, as two sites in one run with alternating rounds.
/// </summary>
internal static class ConsentBench
{
    /// <summary>Every plugin that puts something on the home page; a plugin not on this branch ignores its key.</summary>
    private static readonly string[] Plugins = ["Consent", "Analytics", "Policies"];

    public static async Task<int> RunAsync(string repo, int seconds, int connections, bool records = true)
    {
        var report = new StringBuilder();
        void Line(string text)
        {
            Console.WriteLine(text);
            report.AppendLine(text);
        }

        Line($"# Isoc CMS consent benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Line($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; load generator on the same machine, {connections} connections, {seconds} s per round.");
        Line("");
        Line("| figure | value | target |");
        Line("|---|---|---|");

        var withData = Directory.CreateTempSubdirectory("isoc-bench-consent-").FullName;
        var withoutData = Directory.CreateTempSubdirectory("isoc-bench-noplugins-").FullName;
        try
        {
            // (a) Consent records at 1,000 choices a second.
            var (with, _) = await StartAsync(repo, withData, []);
            if (!records)
            {
                with.Stop();
            }
            else
            using (var client = CreateClient(with.BaseAddress, 512))
            {
                var warmUp = await PostChoicesAsync(client, 1000, TimeSpan.FromSeconds(2));
                var paced = await PostChoicesAsync(client, 1000, TimeSpan.FromSeconds(seconds));
                var flat = await PostChoicesAsync(client, int.MaxValue, TimeSpan.FromSeconds(seconds), connections);
                with.Stop(); // the writer drains its queue on stop
                var stored = CountRecords(withData);
                var sent = warmUp.Answered + paced.Answered + flat.Answered;
                Line($"| consent choices posted at a steady 1,000/s for {seconds} s (each answered only after its record is committed) | {paced.Rate:F0} choices/s achieved, p50 {paced.P50:F1} ms, p99 {paced.P99:F1} ms, {paced.Failed} failed | ≥ 1,000/s |");
                Line($"| … as fast as {connections} connections can post them | {flat.Rate:F0} choices/s, p50 {flat.P50:F1} ms, p99 {flat.P99:F1} ms, {flat.Failed} failed | — |");
                Line($"| records in `consent_records` after the site stopped ÷ choices answered 200 | {stored:N0} ÷ {sent:N0} ({(stored == sent ? "none lost" : $"{sent - stored} missing")}) | none lost |");
            }

            // (b) The home page with the plugins, and the same site with them switched off: two sites, one run.
            (with, var withPid) = await StartAsync(repo, withData, [("Isoc__Analytics__MeasurementId", "G-BENCH0001")]);
            var (without, withoutPid) = await StartAsync(repo, withoutData, Plugins.Select(p => ($"Isoc__Plugins__{p}__Enabled", "false")).ToArray());
            using var withClient = CreateClient(with.BaseAddress, connections);
            using var withoutClient = CreateClient(without.BaseAddress, connections);
            using var consentedClient = CreateClient(with.BaseAddress, connections);
            var consented = await AcceptAllCookieAsync(with.BaseAddress);
            consentedClient.DefaultRequestHeaders.Add("Cookie", consented);

            var bannerBytes = (await withClient.GetByteArrayAsync("/")).Length;
            var plainBytes = (await withoutClient.GetByteArrayAsync("/")).Length;
            var consentedBytes = (await consentedClient.GetByteArrayAsync("/")).Length;
            foreach (var client in new[] { withClient, withoutClient, consentedClient })
            {
                await LoadAsync(client, "/", TimeSpan.FromSeconds(3), connections);
            }

            var banner = new List<PageLoad>();
            var plain = new List<PageLoad>();
            var chosen = new List<PageLoad>();
            for (var round = 0; round < 3; round++)
            {
                plain.Add(await LoadAsync(withoutClient, "/", TimeSpan.FromSeconds(seconds), connections, withoutPid));
                banner.Add(await LoadAsync(withClient, "/", TimeSpan.FromSeconds(seconds), connections, withPid));
                chosen.Add(await LoadAsync(consentedClient, "/", TimeSpan.FromSeconds(seconds), connections, withPid));
            }

            // The site's own CPU time per request: on a machine shared with other work, this moves far less than throughput.
            var plainCpu = plain.Average(r => r.CpuMsPerRequest);
            var bannerCpu = banner.Average(r => r.CpuMsPerRequest);
            var chosenCpu = chosen.Average(r => r.CpuMsPerRequest);

            var plainRps = plain.Average(r => r.RequestsPerSecond);
            Line($"| home page, plugins switched off ({plainBytes} bytes) | {plainRps:F0} req/s, p50 {Median(plain, r => r.P50):F2} ms | — |");
            Line($"| home page with the banner, no choice yet ({bannerBytes} bytes) | {banner.Average(r => r.RequestsPerSecond):F0} req/s, p50 {Median(banner, r => r.P50):F2} ms | — |");
            Line($"| home page with the banner ÷ plugins off | {banner.Average(r => r.RequestsPerSecond) / plainRps:F2} (rounds: {string.Join(", ", banner.Zip(plain, (b, p) => (b.RequestsPerSecond / p.RequestsPerSecond).ToString("F2", CultureInfo.InvariantCulture)))}) | ≥ 0.9 |");
            Line($"| home page after \"Accept all\" (no banner, analytics tag with GA) ({consentedBytes} bytes) ÷ plugins off | {chosen.Average(r => r.RequestsPerSecond) / plainRps:F2} | — |");
            Line($"| site CPU time per home page: plugins off / banner / after a choice | {plainCpu * 1000:F0} / {bannerCpu * 1000:F0} / {chosenCpu * 1000:F0} µs | — |");
            Line($"| requests per CPU second, banner ÷ plugins off (the throughput ratio with the machine to itself) | {plainCpu / bannerCpu:F2}; after a choice {plainCpu / chosenCpu:F2} | ≥ 0.9 |");
            with.Stop();
            without.Stop();
        }
        finally
        {
            foreach (var folder in new[] { withData, withoutData })
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }

        var resultsFolder = Path.Combine(repo, "bench", "results");
        Directory.CreateDirectory(resultsFolder);
        await File.WriteAllTextAsync(Path.Combine(resultsFolder, "consent-latest.md"), report.ToString());
        return 0;
    }

    private sealed record ChoiceResult(long Answered, long Failed, double Rate, double P50, double P99);

    /// <summary>
    /// Posts "Accept all"/"Reject all" as the banner's script does, as new visitors. With a rate, one request starts
    /// every 1/rate seconds whatever the earlier ones are doing (an open loop, as real visitors arrive); without one,
    /// <paramref name="workers"/> connections post back to back.
    /// </summary>
    private static async Task<ChoiceResult> PostChoicesAsync(HttpClient client, int perSecond, TimeSpan duration, int workers = 0)
    {
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        long failed = 0;
        var watch = Stopwatch.StartNew();
        var inFlight = new List<Task>();

        async Task OneAsync(long i)
        {
            var start = Stopwatch.GetTimestamp();
            using var form = new FormUrlEncodedContent([
                new("action", i % 2 == 0 ? "accept-all" : "reject-all"), new("returnUrl", "/"), new("culture", "en-US"), new("origin", "banner")]);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/consent/choice") { Content = form };
            request.Headers.Add("Accept", "application/json");
            request.Headers.Add("Sec-Fetch-Site", "same-origin");
            try
            {
                using var response = await client.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failed);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failed);
            }

            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        long sent = 0;
        if (workers > 0)
        {
            await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
            {
                while (watch.Elapsed < duration)
                {
                    await OneAsync(Interlocked.Increment(ref sent));
                }
            }));
        }
        else
        {
            var interval = 1.0 / perSecond;
            while (watch.Elapsed < duration)
            {
                // Start every request whose time has come; the timer's 1 ms steps are caught up in small groups.
                var due = (long)(watch.Elapsed.TotalSeconds / interval);
                for (; sent < due; sent++)
                {
                    inFlight.Add(OneAsync(sent));
                }

                await Task.Delay(1);
            }

            await Task.WhenAll(inFlight);
        }

        var elapsed = watch.Elapsed.TotalSeconds;
        var sorted = latencies.Order().ToArray();
        var answered = sorted.Length - failed;
        return new ChoiceResult(answered, failed, answered / elapsed, sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)]);
    }

    /// <summary>The consent cookie of a visitor who pressed "Accept all".</summary>
    private static async Task<string> AcceptAllCookieAsync(Uri baseAddress)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        using var form = new FormUrlEncodedContent([new("action", "accept-all"), new("returnUrl", "/"), new("culture", "en-US")]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/consent/choice") { Content = form };
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var response = await client.SendAsync(request);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("isoc_consent=", StringComparison.Ordinal));
        return setCookie.Split(';')[0];
    }

    private static long CountRecords(string dataPath)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "isoc.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM consent_records";
        return (long)command.ExecuteScalar()!;
    }

    private static HttpClient CreateClient(Uri baseAddress, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
    })
    { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };

    private static async Task<(SiteProcess Site, int Pid)> StartAsync(string repo, string dataPath, (string Key, string Value)[] settings)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Isoc.Web.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.Combine(repo, "src", "Isoc.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_CONTENTROOT"] = Path.Combine(repo, "src", "Isoc.Web");
        info.Environment["Isoc__DataPath"] = dataPath;
        info.Environment["Isoc__USync__RootFolder"] = Path.Combine(repo, "uSync");
        info.Environment["Isoc__Install__AdminPassword"] = "Bench-Password-2026!";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        var output = new StringBuilder();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await probe.GetAsync(new Uri("/", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return (new SiteProcess(process, baseAddress), process.Id);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(120))
            {
                throw new InvalidOperationException("The site did not start:\n" + output);
            }

            await Task.Delay(20);
        }
    }

    private sealed record PageLoad(double RequestsPerSecond, double P50, double CpuMsPerRequest);

    private static async Task<PageLoad> LoadAsync(HttpClient client, string path, TimeSpan duration, int connections, int pid = 0)
    {
        var cpuBefore = pid == 0 ? 0 : CpuMilliseconds(pid);
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
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseContentRead);
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

        var cpu = pid == 0 ? 0 : CpuMilliseconds(pid) - cpuBefore;
        return new PageLoad(all.Length / elapsed, all[all.Length / 2], cpu / all.Length);
    }

    /// <summary>User and system CPU time the process has used, from /proc (clock ticks of 10 ms).</summary>
    private static double CpuMilliseconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    private static double Median(List<PageLoad> rounds, Func<PageLoad, double> selector) => rounds.Select(selector).Order().ElementAt(rounds.Count / 2);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
