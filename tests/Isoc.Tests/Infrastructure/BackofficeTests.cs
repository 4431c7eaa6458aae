using Isoc.Cms.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Tests.Infrastructure;

/// <summary>
/// Base of the backoffice tests: fresh users in a role (so a locked or two-factor account never leaks into
/// another test), and browser-like sessions that sign in through the real form.
/// </summary>
public abstract class BackofficeTests(CmsFactory cms) : IDisposable
{
    protected const string Password = "Backoffice-Pa55word!";
    private readonly List<FormSession> _sessions = [];

    protected CmsFactory Cms { get; } = cms;

    public void Dispose()
    {
        foreach (var session in _sessions)
        {
            session.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    protected FormSession NewSession()
    {
        var session = new FormSession(Cms.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        _sessions.Add(session);
        return session;
    }

    protected async Task<string> CreateUserAsync(string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@isoc.test";
        await using var scope = Cms.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>();
        var user = new BackofficeUser { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = role };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return email;
    }

    protected static async Task<HttpResponseMessage> SignInAsync(FormSession session, string email, string password, string? returnUrl = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        await session.GetAsync("/umbraco/login");
        var fields = new Dictionary<string, string> { ["Email"] = email, ["Password"] = password };
        if (returnUrl is not null)
        {
            fields["ReturnUrl"] = returnUrl;
        }

        return await session.PostAsync("/umbraco/login", fields);
    }

    /// <summary>A session signed in as a new user of the role.</summary>
    protected async Task<FormSession> SignedInAsync(string role)
    {
        var session = NewSession();
        using var response = await SignInAsync(session, await CreateUserAsync(role), Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return session;
    }
}

public static class UriExtensions
{
    public static string PathAndQuery(this Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
    }
}
