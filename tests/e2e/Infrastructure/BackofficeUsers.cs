using Isoc.Cms.Data;
using Isoc.Cms.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Isoc.E2E.Infrastructure;

/// <summary>
/// Adds a backoffice user to the running site's database with the engine's own Identity stores, as an administrator
/// would in the users section (which the site does not have yet). The site reads users from the database on each
/// sign-in, so it sees the new one at once.
/// </summary>
internal static class BackofficeUsers
{
    public static async Task AddAsync(string dataPath, string email, string password, string role)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<SqliteCmsDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(dataPath, "isoc.db")};Default Timeout=30"));
        services.AddScoped<CmsDbContext>(sp => sp.GetRequiredService<SqliteCmsDbContext>());
        services.AddIdentityCore<BackofficeUser>()
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<CmsDbContext>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BackofficeUser>>();
        var user = new BackofficeUser { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = role };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"The {role} could not be created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded)
        {
            throw new InvalidOperationException($"The {role} role could not be given: " + string.Join(" ", added.Errors.Select(e => e.Description)));
        }
    }
}
