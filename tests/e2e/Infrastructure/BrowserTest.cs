using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Isoc.E2E.Infrastructure;

/// <summary>
/// A test that drives the running site in a fresh browser context. When its steps fail, it saves a screenshot to
/// TestResults/screenshots/ under the test assembly's folder, names it in the failure message, and writes the site's
/// recent output to the test output.
/// </summary>
[Collection(RunningSiteInChromium.Name)]
public abstract class BrowserTest(SiteProcess site, ChromiumBrowser chromium, ITestOutputHelper output)
{
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    protected SiteProcess Site { get; } = site;

    /// <summary>The test's own output (shown with its result).</summary>
    protected ITestOutputHelper Output { get; } = output;

    /// <summary>Opens a page on the site (relative URLs resolve against it), runs the steps, and keeps a screenshot if they fail.</summary>
    /// <param name="variant">Tells the screenshots of a theory's cases apart.</param>
    /// <param name="configure">Changes the browser context's options (JavaScript off, extra headers) before it opens.</param>
    protected async Task InBrowserAsync(Func<IPage, Task> steps, string? variant = null, Action<BrowserNewContextOptions>? configure = null, [CallerMemberName] string test = "")
    {
        ArgumentNullException.ThrowIfNull(steps);
        var options = new BrowserNewContextOptions
        {
            BaseURL = Site.BaseAddress.ToString(),
            Locale = "en-US",
        };
        configure?.Invoke(options);
        await using var context = await chromium.Browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Log($"browser console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Log($"page error: {error}");
        page.RequestFailed += (_, request) => Log($"request failed: {request.Method} {request.Url} ({request.Failure})");

        try
        {
            await steps(page);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            var screenshot = await SaveScreenshotAsync(page, GetType().Name + "." + test + (variant is null ? "" : "-" + variant));
            Log("The site's recent output:" + Environment.NewLine + Site.RecentOutput);
            throw new XunitException(
                $"{failure.Message}{Environment.NewLine}Page: {page.Url}{Environment.NewLine}Screenshot: {screenshot}",
                failure);
        }
    }

    /// <summary>Writes to the test's output; browser events can still arrive after the test has ended, and are dropped then.</summary>
    private void Log(string line)
    {
        try
        {
            Output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static async Task<string> SaveScreenshotAsync(IPage page, string name)
    {
        var safeName = string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        var path = Path.Combine(ScreenshotFolder, safeName + ".png");
        try
        {
            Directory.CreateDirectory(ScreenshotFolder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            return path;
        }
        catch (PlaywrightException ex)
        {
            return $"(none: {ex.Message})";
        }
        catch (IOException ex)
        {
            return $"(none: {ex.Message})";
        }
    }
}
