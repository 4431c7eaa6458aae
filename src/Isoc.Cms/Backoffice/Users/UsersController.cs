using System.ComponentModel.DataAnnotations;
using Isoc.Cms.Audit;
using Isoc.Cms.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Isoc.Cms.Backoffice.Users;

public sealed class NewUserForm
{
    [Required(ErrorMessage = "Enter their email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.org.")]
    [StringLength(256, ErrorMessage = "At most 256 characters.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter their name.")]
    [StringLength(200, ErrorMessage = "At most 200 characters.")]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Choose a role.")]
    public string Role { get; set; } = BackofficeRoles.Writer;
}

public sealed record UserRow(BackofficeUser User, string? Role, bool IsLocked);

public sealed record UserListModel(IReadOnlyList<UserRow> Users, string? Message);

public sealed record UserDetailModel(UserRow Row, bool IsYou, string? Message, bool MessageIsError, string? SetPasswordLink);

/// <summary>
/// Backoffice users, for administrators: invite one with a role (a set-password link shown once), change the
/// role, lock and unlock, turn two-factor off, give a new set-password link, delete. The last administrator
/// cannot lose the role or the account, and nobody can do that to themselves. Every form carries the user's
/// concurrency stamp, so acting on a page someone else changed since is refused.
/// </summary>
[Route(BackofficeAuthentication.BasePath + "/users")]
[Authorize(Policy = BackofficePolicies.Administer)]
[AutoValidateAntiforgeryToken]
public sealed class UsersController(UserManager<BackofficeUser> users, IAuditLog audit, TimeProvider time) : Controller
{
    private const string Views = "~/Backoffice/Views/Users/";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var rows = new List<UserRow>();
        foreach (var user in all)
        {
            rows.Add(await RowAsync(user));
        }

        return View(Views + "Index.cshtml", new UserListModel(rows, TempData["Message"] as string));
    }

    [HttpGet("create")]
    public IActionResult Create() => View(Views + "Create.cshtml", new NewUserForm());

    [HttpPost("create")]
    public async Task<IActionResult> Create(NewUserForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!BackofficeRoles.All.Contains(form.Role))
        {
            ModelState.AddModelError(nameof(form.Role), "Choose administrator, editor or writer.");
        }

        if (ModelState.IsValid && await users.FindByEmailAsync(form.Email) is not null)
        {
            ModelState.AddModelError(nameof(form.Email), "A user with this email address already exists.");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(Views + "Create.cshtml", form);
        }

        var user = new BackofficeUser
        {
            Id = Guid.NewGuid(),
            Email = form.Email.Trim(),
            UserName = form.Email.Trim(),
            DisplayName = form.DisplayName.Trim(),
            EmailConfirmed = true,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };

        // No password yet: the person chooses one through the link, so nobody else ever knows it.
        var created = await users.CreateAsync(user);
        if (created.Succeeded)
        {
            created = await users.AddToRoleAsync(user, form.Role);
        }

        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Email", StringComparison.Ordinal) || error.Code.Contains("UserName", StringComparison.Ordinal) ? nameof(form.Email) : string.Empty, error.Description);
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(Views + "Create.cshtml", form);
        }

        await audit.WriteAsync(Me, "user.create", null, $"{user.Email} as {form.Role}", cancellationToken);
        var link = await SetPasswordLinkAsync(user);
        var fresh = (await users.FindByIdAsync(user.Id.ToString()))!;
        return View(Views + "Detail.cshtml", new UserDetailModel(await RowAsync(fresh), false, $"{user.Email} was created as {form.Role}. Give them the link below to choose a password; it is shown only now.", false, link));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Detail(Guid id)
    {
        var user = await users.FindByIdAsync(id.ToString());
        return user is null ? NotFound() : View(Views + "Detail.cshtml", new UserDetailModel(await RowAsync(user), IsYou(user), TempData["Message"] as string, TempData["MessageIsError"] is true, null));
    }

    [HttpPost("{id:guid}/role")]
    public Task<IActionResult> Role(Guid id, string? stamp, string? role, CancellationToken cancellationToken) =>
        ActAsync(id, stamp, async user =>
        {
            if (role is null || !BackofficeRoles.All.Contains(role))
            {
                return "Choose administrator, editor or writer.";
            }

            var current = await users.GetRolesAsync(user);
            if (current.Contains(role))
            {
                return null;
            }

            if (current.Contains(BackofficeRoles.Administrator) && await RefuseLosingAdministratorAsync(user, "change the role of") is { } refused)
            {
                return refused;
            }

            var result = await users.RemoveFromRolesAsync(user, current);
            if (result.Succeeded)
            {
                result = await users.AddToRoleAsync(user, role);
            }

            return result.Succeeded ? Done($"{user.Email} is now {Article(role)} {role}.", "user.role", role) : Describe(result);
        }, cancellationToken);

    [HttpPost("{id:guid}/lock")]
    public Task<IActionResult> Lock(Guid id, string? stamp, CancellationToken cancellationToken) =>
        ActAsync(id, stamp, async user =>
        {
            if (await RefuseLosingAdministratorAsync(user, "lock") is { } refused)
            {
                return refused;
            }

            await users.SetLockoutEnabledAsync(user, true);
            var result = await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);

            // A new security stamp ends the sessions they have open now.
            await users.UpdateSecurityStampAsync(user);
            return result.Succeeded ? Done($"{user.Email} is locked out until unlocked.", "user.lock", null) : Describe(result);
        }, cancellationToken);

    [HttpPost("{id:guid}/unlock")]
    public Task<IActionResult> Unlock(Guid id, string? stamp, CancellationToken cancellationToken) =>
        ActAsync(id, stamp, async user =>
        {
            var result = await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            return result.Succeeded ? Done($"{user.Email} can sign in again.", "user.unlock", null) : Describe(result);
        }, cancellationToken);

    [HttpPost("{id:guid}/reset-two-factor")]
    public Task<IActionResult> ResetTwoFactor(Guid id, string? stamp, CancellationToken cancellationToken) =>
        ActAsync(id, stamp, async user =>
        {
            var result = await users.SetTwoFactorEnabledAsync(user, false);
            if (result.Succeeded)
            {
                // The old authenticator app must not work again if they turn two-factor back on.
                result = await users.ResetAuthenticatorKeyAsync(user);
            }

            return result.Succeeded ? Done($"Two-factor sign-in is off for {user.Email}; they can set it up again.", "user.reset-2fa", null) : Describe(result);
        }, cancellationToken);

    [HttpPost("{id:guid}/password-link")]
    public async Task<IActionResult> PasswordLink(Guid id, string? stamp, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return NotFound();
        }

        if (!string.Equals(user.ConcurrencyStamp, stamp, StringComparison.Ordinal))
        {
            return await StaleAsync(user);
        }

        var link = await SetPasswordLinkAsync(user);
        await audit.WriteAsync(Me, "user.password-link", null, user.Email, cancellationToken);
        return View(Views + "Detail.cshtml", new UserDetailModel(await RowAsync(user), IsYou(user), "A new set-password link for " + user.Email + " is below; it is shown only now. Their current password keeps working until they use it.", false, link));
    }

    [HttpPost("{id:guid}/delete")]
    public async Task<IActionResult> Delete(Guid id, string? stamp, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return NotFound();
        }

        if (!string.Equals(user.ConcurrencyStamp, stamp, StringComparison.Ordinal))
        {
            return await StaleAsync(user);
        }

        if (await RefuseLosingAdministratorAsync(user, "delete") is { } refused)
        {
            return await RefusedAsync(user, refused);
        }

        var result = await users.DeleteAsync(user);
        if (!result.Succeeded)
        {
            return await RefusedAsync(user, Describe(result));
        }

        await audit.WriteAsync(Me, "user.delete", null, user.Email, cancellationToken);
        TempData["Message"] = $"{user.Email} was deleted.";
        return RedirectToAction(nameof(Index));
    }

    private string Me => User.Identity?.Name ?? "unknown";

    /// <summary>Loads the user, refuses a stale stamp, runs the action; a returned text is why it was refused.</summary>
    private async Task<IActionResult> ActAsync(Guid id, string? stamp, Func<BackofficeUser, Task<string?>> action, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return NotFound();
        }

        if (!string.Equals(user.ConcurrencyStamp, stamp, StringComparison.Ordinal))
        {
            return await StaleAsync(user);
        }

        _pendingAudit = null;
        var refused = await action(user);
        if (refused is not null)
        {
            return await RefusedAsync(user, refused);
        }

        if (_pendingAudit is { } entry)
        {
            await audit.WriteAsync(Me, entry.Action, null, entry.Detail is null ? user.Email : $"{user.Email}: {entry.Detail}", cancellationToken);
            TempData["Message"] = entry.Message;
        }

        return RedirectToAction(nameof(Detail), new { id });
    }

    private (string Message, string Action, string? Detail)? _pendingAudit;

    /// <summary>Records what succeeded, for the audit log and the next page; null means "not refused".</summary>
    private string? Done(string message, string action, string? detail)
    {
        _pendingAudit = (message, action, detail);
        return null;
    }

    /// <summary>Null when the user may lose administration; otherwise why not.</summary>
    private async Task<string?> RefuseLosingAdministratorAsync(BackofficeUser user, string verb)
    {
        if (IsYou(user))
        {
            return $"You cannot {verb} yourself: ask another administrator.";
        }

        if (!await users.IsInRoleAsync(user, BackofficeRoles.Administrator))
        {
            return null;
        }

        var now = time.GetUtcNow();
        var others = (await users.GetUsersInRoleAsync(BackofficeRoles.Administrator))
            .Count(u => u.Id != user.Id && (u.LockoutEnd is null || u.LockoutEnd <= now));
        return others == 0 ? $"{user.Email} is the last administrator who can sign in: make someone else an administrator first." : null;
    }

    private async Task<IActionResult> RefusedAsync(BackofficeUser user, string message)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        var fresh = await users.FindByIdAsync(user.Id.ToString()) ?? user;
        return View(Views + "Detail.cshtml", new UserDetailModel(await RowAsync(fresh), IsYou(fresh), message, true, null));
    }

    private async Task<IActionResult> StaleAsync(BackofficeUser user)
    {
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View(Views + "Detail.cshtml", new UserDetailModel(await RowAsync(user), IsYou(user), "Someone changed this user after you opened the page, so nothing was done. Here is how it is now: try again if it is still needed.", true, null));
    }

    private async Task<string> SetPasswordLinkAsync(BackofficeUser user)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return $"{Request.Scheme}://{Request.Host}{BackofficeAuthentication.BasePath}/set-password?user={user.Id}&token={Uri.EscapeDataString(token)}";
    }

    private async Task<UserRow> RowAsync(BackofficeUser user)
    {
        var roles = await users.GetRolesAsync(user);
        return new UserRow(user, roles.FirstOrDefault(), user.LockoutEnd is { } end && end > time.GetUtcNow());
    }

    private bool IsYou(BackofficeUser user) => string.Equals(users.GetUserId(User), user.Id.ToString(), StringComparison.OrdinalIgnoreCase);

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    private static string Article(string role) => role.StartsWith('a') || role.StartsWith('e') ? "an" : "a";
}
