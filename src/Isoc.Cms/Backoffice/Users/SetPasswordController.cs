using System.ComponentModel.DataAnnotations;
using Isoc.Cms.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Isoc.Cms.Backoffice.Users;

public sealed class SetPasswordForm
{
    public Guid User { get; set; }

    public string Token { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Type the password again.")]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    public string ConfirmPassword { get; set; } = "";
}

/// <summary>
/// Where a set-password link leads: the person chooses their password, checked by the same rules as every
/// backoffice password (at least 10 characters, upper and lower case, a digit and a symbol). A link works once:
/// setting the password changes the user's security stamp, which the link's token was made with.
/// </summary>
[Route(BackofficeAuthentication.BasePath + "/set-password")]
[AllowAnonymous]
[AutoValidateAntiforgeryToken]
public sealed class SetPasswordController(UserManager<BackofficeUser> users) : Controller
{
    private const string View_ = "~/Backoffice/Views/Users/SetPassword.cshtml";

    [HttpGet("")]
    public IActionResult Index(Guid user, string? token) => View(View_, new SetPasswordForm { User = user, Token = token ?? "" });

    [HttpPost("")]
    public async Task<IActionResult> Index(SetPasswordForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var user = await users.FindByIdAsync(form.User.ToString());
        if (user is null)
        {
            ModelState.AddModelError(string.Empty, "This link does not work (any more): ask an administrator for a new one.");
        }

        if (!ModelState.IsValid || user is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(View_, form);
        }

        // The rules first, so their messages stand beside the field whatever the token says.
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, form.Password);
            foreach (var error in check.Errors)
            {
                ModelState.AddModelError(nameof(form.Password), error.Description);
            }
        }

        if (ModelState.IsValid)
        {
            var result = await users.ResetPasswordAsync(user, form.Token, form.Password);
            if (result.Succeeded)
            {
                await users.ResetAccessFailedCountAsync(user);
                TempData["Message"] = "Your password is set: sign in with it.";
                return Redirect(BackofficeAuthentication.SignInPath);
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(
                    error.Code == nameof(IdentityErrorDescriber.InvalidToken) ? string.Empty : nameof(form.Password),
                    error.Code == nameof(IdentityErrorDescriber.InvalidToken) ? "This link does not work (any more): ask an administrator for a new one." : error.Description);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(View_, form);
    }
}
