using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Isoc.Plugins.Forms;

/// <summary>Settings under "Isoc:Forms".</summary>
public sealed class FormsOptions
{
    public const string Section = "Isoc:Forms";

    /// <summary>Submissions one address may send in a minute, over all forms; more get 429 until the window ends.</summary>
    [Range(1, 1_000_000)]
    public int SubmissionsPerMinute { get; set; } = 10;

    /// <summary>The largest uploaded file accepted, in bytes (5 MB).</summary>
    [Range(1, 100 * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>The largest submission read at all, in bytes; bigger bodies are refused before they are read.</summary>
    [Range(1024, 200 * 1024 * 1024)]
    public long MaxRequestBytes { get; set; } = 12 * 1024 * 1024;

    /// <summary>File types a file upload accepts unless the field names its own.</summary>
    public string[] AllowedExtensions { get; set; } = [".pdf", ".png", ".jpg", ".jpeg", ".txt", ".docx", ".odt"];

    /// <summary>How often the workflow runner looks for due jobs when nothing wakes it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan WorkflowPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the first failure; it doubles with each attempt, up to an hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan WorkflowRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts before a job is marked failed and waits for an editor to retry it.</summary>
    [Range(1, 100)]
    public int WorkflowMaxAttempts { get; set; } = 8;

    /// <summary>The longest one workflow run may take (the post-to-URL request included).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan WorkflowTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often expired entries are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "7.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Lets "post to URL" reach loopback and private networks. Off in production, so a form definition cannot be used
    /// to reach the site's own network; tests turn it on for their loopback listener.
    /// </summary>
    public bool PostToUrlAllowPrivateNetworks { get; set; }
}

internal sealed class FormsOptionsValidator : IValidateOptions<FormsOptions>
{
    public ValidateOptionsResult Validate(string? name, FormsOptions options)
    {
        if (options.MaxFileBytes >= options.MaxRequestBytes)
        {
            return ValidateOptionsResult.Fail("Isoc:Forms:MaxFileBytes must be smaller than Isoc:Forms:MaxRequestBytes.");
        }

        if (options.AllowedExtensions.Any(e => !e.StartsWith('.') || e.Length < 2))
        {
            return ValidateOptionsResult.Fail("Isoc:Forms:AllowedExtensions must be extensions with their dot, e.g. \".pdf\".");
        }

        return ValidateOptionsResult.Success;
    }
}
