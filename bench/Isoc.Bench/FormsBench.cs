using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

/// <summary>
/// Form submissions per second on SQLite with every entry stored: each connection loads /contact/ once (its own
/// antiforgery cookie and token, as a browser has), then posts valid contact messages for the round; every 303 is
/// a committed entry. The entries in the database are then counted and must equal the 303s.
/// </summary>
internal static partial class FormsBench
{
    public static async Task RunAsync(Uri baseAddress, string dataPath, int seconds, int connections, Action<string> line)
    {
        var clients = new List<(HttpClient Client, string Token)>();
        for (var i = 0; i < connections; i++)
        {
            var client = new HttpClient(new SocketsHttpHandler { UseCookies = true, AllowAutoRedirect = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(1) };
            var html = await client.GetStringAsync("/contact/");
            clients.Add((client, WebUtility.HtmlDecode(TokenInput().Match(html).Groups[1].Value)));
        }

        var before = await CountAsync(dataPath);
        async Task<(int Stored, int Refused, List<double> Latencies)> RoundAsync(TimeSpan duration)
        {
            var stored = 0;
            var refused = 0;
            var latencies = new List<double>[connections];
            var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            await Task.WhenAll(clients.Select(async (c, worker) =>
            {
                var mine = latencies[worker] = [];
                var n = 0;
                while (Stopwatch.GetTimestamp() < stopAt)
                {
                    using var content = new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["__form"] = "contact",
                        ["__RequestVerificationToken"] = c.Token,
                        ["kind"] = "comment",
                        ["name"] = $"Bench {worker} {n++}",
                        ["email"] = "bench@example.org",
                        ["message"] = "A message of a typical length for a contact form, with a sentence or two of text in it.",
                        ["privacy"] = "true",
                    });
                    var start = Stopwatch.GetTimestamp();
                    using var response = await c.Client.PostAsync("/contact/", content);
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    if (response.StatusCode == HttpStatusCode.SeeOther)
                    {
                        Interlocked.Increment(ref stored);
                    }
                    else
                    {
                        Interlocked.Increment(ref refused);
                    }
                }
            }));
            return (stored, refused, latencies.SelectMany(l => l).Order().ToList());
        }

        await RoundAsync(TimeSpan.FromSeconds(2)); // warm-up
        var (stored, refused, sorted) = await RoundAsync(TimeSpan.FromSeconds(seconds));
        var after = await CountAsync(dataPath);
        var warm = after - before - stored;
        var rate = stored / (double)seconds;
        line($"| contact form submissions, {connections} connections, every entry stored (SQLite) | {rate.ToString("F0", CultureInfo.InvariantCulture)} /s, p50 {sorted[sorted.Count / 2]:F1} ms, p99 {sorted[(int)(sorted.Count * 0.99)]:F1} ms; {stored} accepted, {refused} refused; entries in the table after the round: {after - before} (= warm-up {warm} + round {stored}) | ≥ 200 /s |");
        foreach (var (client, _) in clients)
        {
            client.Dispose();
        }
    }

    private static async Task<long> CountAsync(string dataPath)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "isoc.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM form_entries";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)" """)]
    private static partial Regex TokenInput();
}
