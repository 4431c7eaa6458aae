using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Isoc.E2E.Infrastructure;

/// <summary>
/// The real site as a child process: <c>dotnet Isoc.Web.dll</c> from the site's build output, on a free loopback
/// port, with a fresh data folder (SQLite database, seeded from uSync/ at first start) that is deleted afterwards.
/// Shared by every browser test through <see cref="RunningSiteInChromium"/>.
/// </summary>
public sealed class SiteProcess : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private const int KeptOutputLines = 300;

    private readonly Queue<string> _output = new();
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "isoc-e2e-" + Guid.NewGuid().ToString("N"));
    private Process? _process;
    private Uri? _baseAddress;

    /// <summary>The first administrator, created by the site's first start.</summary>
    public string AdminEmail { get; } = "admin@isoc.test";

    public string AdminPassword { get; } = RandomAdminPassword();

    /// <summary>A writer (saves and sends for approval, cannot publish), added once the site has started.</summary>
    public string WriterEmail { get; } = "writer@isoc.test";

    public string WriterPassword { get; } = RandomAdminPassword();
    /// <summary>The Google Analytics 4 measurement id the site runs with.</summary>
    public const string MeasurementId = "G-E2ETEST01";

    /// <summary>The site's consent revision.</summary>
    public const int ConsentRevision = 2;

    /// <summary>The site's root, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress => _baseAddress ?? throw new InvalidOperationException("The site is not started yet.");

    /// <summary>The last lines the site wrote to stdout and stderr, for failure messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return _output.Count == 0 ? "(the site wrote nothing)" : string.Join(Environment.NewLine, _output);
            }
        }
    }

    public async Task InitializeAsync()
    {
        var port = FreeLoopbackPort();
        var url = $"http://127.0.0.1:{port}";
        _baseAddress = new Uri(url + "/");
        Directory.CreateDirectory(_dataPath);

        var start = new ProcessStartInfo
        {
            FileName = DotnetHost(),
            WorkingDirectory = RepositoryLayout.WebProject,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(RepositoryLayout.WebAssembly);
        // On the command line as well: it outranks a "Urls" in appsettings.json, which ASPNETCORE_URLS does not.
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);

        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["ASPNETCORE_CONTENTROOT"] = RepositoryLayout.WebProject;
        start.Environment["Isoc__DataPath"] = _dataPath;
        start.Environment["Isoc__Database__Provider"] = "Sqlite";
        start.Environment["Isoc__Database__ConnectionString"] = "";
        start.Environment["Isoc__USync__RootFolder"] = RepositoryLayout.USync;
        start.Environment["Isoc__Install__ImportUSync"] = "true";
        start.Environment["Isoc__Install__AdminEmail"] = AdminEmail;
        start.Environment["Isoc__Install__AdminPassword"] = AdminPassword;
        start.Environment["Isoc__Publishing__SchedulerEnabled"] = "true";
        // Google Analytics configured, so the consent tests see the tag (its hosts are routed to the test, never reached).
        start.Environment["Isoc__Analytics__MeasurementId"] = MeasurementId;
        start.Environment["Isoc__Analytics__FlushInterval"] = "00:00:00.2";
        // Revision 2: a visitor whose cookie says revision 1 chose before a material change and is asked again.
        start.Environment["Isoc__Consent__Revision"] = ConsentRevision.ToString(System.Globalization.CultureInfo.InvariantCulture);

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        try
        {
            await WaitUntilHomePageAnswersAsync();
            await BackofficeUsers.AddAsync(_dataPath, WriterEmail, WriterPassword, Isoc.Cms.Security.BackofficeRoles.Writer);
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            if (Directory.Exists(_dataPath))
            {
                Directory.Delete(_dataPath, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run for.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task WaitUntilHomePageAnswersAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        var lastAnswer = "no answer yet";
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The site exited with code {_process?.ExitCode} before serving {BaseAddress}.{Environment.NewLine}{RecentOutput}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                lastAnswer = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (HttpRequestException ex)
            {
                lastAnswer = ex.Message;
            }
            catch (TaskCanceledException)
            {
                lastAnswer = "no answer within 5 s";
            }

            await Task.Delay(250);
        }

        throw new TimeoutException(
            $"GET {BaseAddress} did not answer 200 within {StartTimeout.TotalSeconds:0} s (last: {lastAnswer}). The site's output:{Environment.NewLine}{RecentOutput}");
    }

    private async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            process.Dispose();
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > KeptOutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    /// <summary>The dotnet host running the tests (dotnet test sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Long and random, with every character class ASP.NET Core Identity asks for by default.</summary>
    private static string RandomAdminPassword() =>
        "E2e-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)) + "-pw!";
}
