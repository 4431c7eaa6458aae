using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Isoc.Plugins.Forms;

/// <summary>A file that passed the checks, waiting to be stored with the entry.</summary>
public sealed record FormPostFile(string FieldAlias, IFormFile File, string FileName);

/// <summary>
/// What one post of a form amounts to: what was typed (to show it again), a message per field that is wrong,
/// and the accepted answers of the fields that are shown. A field whose condition is not met is not shown,
/// so whatever the browser sent for it is dropped, never validated and never stored.
/// </summary>
public sealed class FormPost
{
    /// <summary>The honeypot input: hidden from people, filled in by form-spamming robots.</summary>
    public const string HoneypotName = "website_url";

    public const string FormAliasName = "__form";

    private FormPost(FormDefinition form, string culture)
    {
        Form = form;
        Culture = culture;
    }

    public FormDefinition Form { get; }

    public string Culture { get; }

    public Dictionary<string, IReadOnlyList<string>> Typed { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Aliases of the fields shown with these answers (a condition met or none).</summary>
    public HashSet<string> Visible { get; } = new(StringComparer.Ordinal);

    /// <summary>Accepted answers of visible fields: a string, or a list of strings for multiple choice.</summary>
    public Dictionary<string, object> Answers { get; } = new(StringComparer.Ordinal);

    public List<FormPostFile> Files { get; } = [];

    public bool HoneypotFilled { get; private set; }

    /// <summary>A form-wide problem (an expired form), shown above the fields.</summary>
    public string? FormError { get; set; }

    public bool IsValid => Errors.Count == 0 && FormError is null;

    /// <summary>An empty post: the form as first shown (conditions applied to default values).</summary>
    public static FormPost Blank(FormDefinition form, string culture)
    {
        ArgumentNullException.ThrowIfNull(form);
        var post = new FormPost(form, culture);
        foreach (var field in form.Fields)
        {
            if (field.Condition is null || (post.Typed.TryGetValue(field.Condition.Field, out var v) && field.Condition.IsMetBy(v)))
            {
                post.Visible.Add(field.Alias);
            }
        }

        return post;
    }

    public static FormPost Read(FormDefinition form, string culture, IFormCollection values, FormsOptions options)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(options);
        var post = new FormPost(form, culture);
        var text = FormText.For(culture);
        post.HoneypotFilled = !string.IsNullOrEmpty(values[HoneypotName].ToString());

        // Accepted answers of earlier fields decide the conditions of later ones; a hidden field counts as empty.
        var shown = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var field in form.Fields)
        {
            var raw = values[field.Alias].Select(v => v ?? "").ToList();
            if (field.Type is not (FormFieldType.FileUpload or FormFieldType.Hidden or FormFieldType.TitleAndDescription))
            {
                post.Typed[field.Alias] = raw;
            }

            if (field.Condition is { } condition
                && !(shown.TryGetValue(condition.Field, out var source) && condition.IsMetBy(source)))
            {
                continue;
            }

            post.Visible.Add(field.Alias);
            if (!field.TakesInput)
            {
                continue;
            }

            var error = Check(post, field, raw, values.Files, options, text, out var accepted);
            if (error is not null)
            {
                post.Errors[field.Alias] = error;
                shown[field.Alias] = [];
                continue;
            }

            shown[field.Alias] = accepted switch
            {
                string s => [s],
                IReadOnlyList<string> list => list,
                _ => [],
            };
            if (accepted is not null)
            {
                post.Answers[field.Alias] = accepted;
            }
        }

        return post;
    }

    private static string? Check(FormPost post, FormField field, List<string> raw, IFormFileCollection files, FormsOptions options, FormText text, out object? accepted)
    {
        accepted = null;
        var culture = post.Culture;
        string Required() => field.MandatoryMessage[culture] ?? text.RequiredMessage;

        switch (field.Type)
        {
            case FormFieldType.Hidden:
                accepted = field.DefaultValue ?? "";
                return null;

            case FormFieldType.Checkbox or FormFieldType.Consent:
            {
                if (raw.Count > 1 || (raw.Count == 1 && raw[0] is not ("true" or "on")))
                {
                    return text.InvalidChoice;
                }

                var ticked = raw.Count == 1;
                if (field.Mandatory && !ticked)
                {
                    return field.MandatoryMessage[culture] ?? (field.Type == FormFieldType.Consent ? text.ConsentRequired : Required());
                }

                accepted = ticked ? "true" : "false";
                return null;
            }

            case FormFieldType.MultipleChoice:
            {
                var chosen = raw.Where(v => v.Length > 0).ToList();
                if (chosen.Any(v => !field.Options.Any(o => o.Value == v)) || chosen.Distinct(StringComparer.Ordinal).Count() != chosen.Count)
                {
                    return text.InvalidChoice;
                }

                if (field.Mandatory && chosen.Count == 0)
                {
                    return Required();
                }

                // In the options' order, whatever order the browser sent them in.
                accepted = field.Options.Select(o => o.Value).Where(chosen.Contains).ToList();
                return null;
            }

            case FormFieldType.FileUpload:
            {
                var file = files.GetFiles(field.Alias).Where(f => f.Length > 0).ToList();
                if (file.Count > 1)
                {
                    return text.InvalidChoice;
                }

                if (file.Count == 0)
                {
                    return field.Mandatory ? Required() : null;
                }

                var allowed = field.AllowedExtensions.Count > 0 ? field.AllowedExtensions : options.AllowedExtensions;
                var name = Path.GetFileName(file[0].FileName.Replace('\\', '/'));
                if (name.Length is 0 or > 255 || !allowed.Contains(Path.GetExtension(name).ToLowerInvariant(), StringComparer.Ordinal))
                {
                    return text.FileType(allowed);
                }

                if (file[0].Length > options.MaxFileBytes)
                {
                    return text.FileTooLarge(options.MaxFileBytes);
                }

                post.Files.Add(new FormPostFile(field.Alias, file[0], name));
                accepted = $"{name} ({file[0].Length.ToString(CultureInfo.InvariantCulture)} bytes)";
                return null;
            }
        }

        // One answer from here on: text, email, date, dropdown, single choice.
        if (raw.Count > 1)
        {
            return field.HasOptions ? text.InvalidChoice : text.TooLong(field.EffectiveMaxLength);
        }

        var value = raw.Count == 1 ? raw[0] : "";
        if (string.IsNullOrWhiteSpace(value))
        {
            return field.Mandatory ? Required() : null;
        }

        if (value.Length > field.EffectiveMaxLength)
        {
            return text.TooLong(field.EffectiveMaxLength);
        }

        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || (field.Type != FormFieldType.LongAnswer && value.Any(c => c is '\n' or '\r')))
        {
            return field.PatternMessage[culture] ?? text.PatternMessage;
        }

        switch (field.Type)
        {
            case FormFieldType.Email:
                value = value.Trim();
                if (!MailAddress.TryCreate(value, out var address) || address.Address != value || !address.Host.Contains('.', StringComparison.Ordinal) || value.Contains(' ', StringComparison.Ordinal))
                {
                    return field.PatternMessage[culture] ?? text.InvalidEmail;
                }

                break;
            case FormFieldType.Date:
                if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return text.InvalidDate;
                }

                value = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                break;
            case FormFieldType.Dropdown or FormFieldType.SingleChoice:
                if (!field.Options.Any(o => o.Value == value))
                {
                    return text.InvalidChoice;
                }

                break;
        }

        if (field.Pattern is { } pattern && !Matches(pattern, value))
        {
            return field.PatternMessage[culture] ?? text.PatternMessage;
        }

        accepted = value;
        return null;
    }

    private static bool Matches(string pattern, string value)
    {
        try
        {
            return Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.None, FormXml.PatternTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
