using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Isoc.Cms.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Isoc.Cms.Backoffice;

public sealed class SignInForm
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.org.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    public string? ReturnUrl { get; set; }
}

public sealed class TwoFactorForm
{
    [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
    [RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "The code is 6 digits.")]
    public string Code { get; set; } = "";

    public string? ReturnUrl { get; set; }
}

public sealed record TwoFactorSetup(bool Enabled, string SharedKey, string AuthenticatorUri, string? Message);

/// <summary>
/// Signing in and out of the backoffice, and setting up an authenticator app. Failures never say whether
/// the email exists; five failures in a row lock the account for the configured time.
/// </summary>
[Route(BackofficeAuthentication.BasePath)]
[AutoValidateAntiforgeryToken]
public sealed class BackofficeAccountController(
    SignInManager<BackofficeUser> signIn,
    UserManager<BackofficeUser> users,
    IOptions<BackofficeOptions> options) : Controller
{
    private const string Views = "~/Backoffice/Views/";

    [HttpGet("login")]
    [AllowAnonymous]
    public IActionResult SignIn(string? returnUrl) =>
        View(Views + "SignIn.cshtml", new SignInForm { ReturnUrl = returnUrl });

    [HttpPost("login")]
    [AllowAnonymous]
    public async Task<IActionResult> SignIn(SignInForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!ModelState.IsValid)
        {
            return View(Views + "SignIn.cshtml", form);
        }

        var user = await users.FindByEmailAsync(form.Email);
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, form.Password, isPersistent: false, lockoutOnFailure: true);

        if (result.Succeeded)
        {
            return LocalRedirect(SafeReturnUrl(form.ReturnUrl));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToAction(nameof(TwoFactor), new { returnUrl = SafeReturnUrl(form.ReturnUrl) });
        }

        var minutes = (int)Math.Ceiling(options.Value.LockoutDuration.TotalMinutes);
        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? $"This account is locked after too many failed sign-ins. Try again in {minutes} minutes, or ask an administrator."
            : "The email address or the password is not right.");
        form.Password = "";
        return View(Views + "SignIn.cshtml", form);
    }

    [HttpGet("login/two-factor")]
    [AllowAnonymous]
    public async Task<IActionResult> TwoFactor(string? returnUrl) =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null
            ? RedirectToAction(nameof(SignIn))
            : View(Views + "TwoFactor.cshtml", new TwoFactorForm { ReturnUrl = returnUrl });

    [HttpPost("login/two-factor")]
    [AllowAnonymous]
    public async Task<IActionResult> TwoFactor(TwoFactorForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return RedirectToAction(nameof(SignIn));
        }

        if (!ModelState.IsValid)
        {
            return View(Views + "TwoFactor.cshtml", form);
        }

        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Digits(form.Code), isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            return LocalRedirect(SafeReturnUrl(form.ReturnUrl));
        }

        ModelState.AddModelError(nameof(TwoFactorForm.Code), result.IsLockedOut
            ? "This account is locked after too many failed attempts. Try again later."
            : "That code is not right or has expired. Enter the current code.");
        return View(Views + "TwoFactor.cshtml", form);
    }

    [HttpPost("logout")]
    [Authorize(Policy = BackofficePolicies.Access)]
    public async Task<IActionResult> SignOutOfBackoffice()
    {
        await signIn.SignOutAsync();
        return RedirectToAction(nameof(SignIn));
    }

    [HttpGet("access-denied")]
    [AllowAnonymous]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View(Views + "AccessDenied.cshtml");
    }

    [HttpGet("profile/two-factor")]
    [Authorize(Policy = BackofficePolicies.Access)]
    public async Task<IActionResult> TwoFactorSettings() =>
        View(Views + "TwoFactorSettings.cshtml", await SetupAsync(message: null));

    [HttpPost("profile/two-factor")]
    [Authorize(Policy = BackofficePolicies.Access)]
    public async Task<IActionResult> TwoFactorSettings(string? code, bool disable)
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("The signed-in user no longer exists.");
        if (disable)
        {
            await users.SetTwoFactorEnabledAsync(user, false);
            await users.ResetAuthenticatorKeyAsync(user);
            await signIn.RefreshSignInAsync(user);
            return View(Views + "TwoFactorSettings.cshtml", await SetupAsync("Two-factor sign-in is off."));
        }

        var valid = !string.IsNullOrWhiteSpace(code)
            && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Digits(code));
        if (!valid)
        {
            ModelState.AddModelError("code", "That code is not right. Enter the 6 digits your app shows now.");
            return View(Views + "TwoFactorSettings.cshtml", await SetupAsync(message: null));
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        await signIn.RefreshSignInAsync(user);
        return View(Views + "TwoFactorSettings.cshtml", await SetupAsync("Two-factor sign-in is on: you will be asked for a code at each sign-in."));
    }

    private async Task<TwoFactorSetup> SetupAsync(string? message)
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("The signed-in user no longer exists.");
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key could be made.");
        }

        var email = await users.GetEmailAsync(user) ?? user.UserName ?? "user";
        var uri = string.Create(CultureInfo.InvariantCulture, $"otpauth://totp/{Uri.EscapeDataString("Isoc CMS")}:{Uri.EscapeDataString(email)}?secret={key}&issuer={Uri.EscapeDataString("Isoc CMS")}&digits=6");
        return new TwoFactorSetup(await users.GetTwoFactorEnabledAsync(user), Group(key), uri, message);
    }

    private string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith(BackofficeAuthentication.BasePath, StringComparison.OrdinalIgnoreCase)
            ? returnUrl
            : BackofficeAuthentication.BasePath;

    private static string Digits(string code) => new(code.Where(char.IsAsciiDigit).ToArray());

    /// <summary>"JBSW Y3DP EHPK 3PXP": easier to type into an app than one long run of letters.</summary>
    private static string Group(string key)
    {
        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return grouped.ToString().TrimEnd().ToUpperInvariant();
    }
}
