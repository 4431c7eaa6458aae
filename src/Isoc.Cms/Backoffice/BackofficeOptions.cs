using System.ComponentModel.DataAnnotations;

namespace Isoc.Cms.Backoffice;

/// <summary>Settings under "Isoc:Backoffice".</summary>
public sealed class BackofficeOptions
{
    public const string Section = "Isoc:Backoffice";

    /// <summary>A signed-in session ends after this long without a request (sliding), as Umbraco's TimeOutInMinutes.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>How long an account stays locked after five failed sign-ins in a row.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}
