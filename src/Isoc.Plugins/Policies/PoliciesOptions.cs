using System.ComponentModel.DataAnnotations;

namespace Isoc.Plugins.Policies;

/// <summary>Settings under "Isoc:Policies".</summary>
public sealed class PoliciesOptions
{
    public const string Section = "Isoc:Policies";

    /// <summary>How long the home page says the policy was updated, counted from when the new version took effect (or was published, if later).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "366.00:00:00", ErrorMessage = "Isoc:Policies:NoticePeriod must be between 1 and 366 days.")]
    public TimeSpan NoticePeriod { get; set; } = TimeSpan.FromDays(30);
}
