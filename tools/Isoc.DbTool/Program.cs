// Generates EF Core migrations for both providers. The dotnet-ef tool in this feed targets .NET 11,
// so the same design-time services are driven from here:
//   dotnet run --project tools/Isoc.DbTool -- add <MigrationName> [module]   (default: cms; the modules are listed below)
//   dotnet run --project tools/Isoc.DbTool -- check                             (every module)
// Each module (the engine, plugins with tables) has its own contexts, migrations folder and history table.
using Isoc.Cms.Data;
using Isoc.Plugins.Analytics;
using Isoc.Plugins.Consent;
using Isoc.Plugins.Forms;
using Isoc.Plugins.Policies;
using Isoc.Plugins.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;

if (args.Length == 0 || args[0] is not ("add" or "check") || (args[0] == "add" && args.Length < 2))
{
    Console.Error.WriteLine("usage: Isoc.DbTool add <MigrationName> [cms|consent|policies|analytics|mail|forms] | check");
    return 2;
}

var repoRoot = FindRepoRoot();
var module = args[0] == "add" && args.Length > 2 ? args[2] : "cms";
// (module, context, provider, project folder, root namespace, migrations folder below the project)
var targets = new (string Module, Func<DbContext> Create, string Provider, string Project, string RootNamespace, string Folder)[]
{
    ("cms", () => new SqliteCmsDbContextFactory().CreateDbContext([]), "Sqlite", "Isoc.Cms", "Isoc.Cms", "Data/Migrations"),
    ("cms", () => new PostgresCmsDbContextFactory().CreateDbContext([]), "Postgres", "Isoc.Cms", "Isoc.Cms", "Data/Migrations"),
    ("consent", () => new SqliteConsentDbContextFactory().CreateDbContext([]), "Sqlite", "Isoc.Plugins", "Isoc.Plugins", "Consent/Migrations"),
    ("consent", () => new PostgresConsentDbContextFactory().CreateDbContext([]), "Postgres", "Isoc.Plugins", "Isoc.Plugins", "Consent/Migrations"),
    ("policies", () => new SqlitePoliciesDbContextFactory().CreateDbContext([]), "Sqlite", "Isoc.Plugins", "Isoc.Plugins", "Policies/Migrations"),
    ("policies", () => new PostgresPoliciesDbContextFactory().CreateDbContext([]), "Postgres", "Isoc.Plugins", "Isoc.Plugins", "Policies/Migrations"),
    ("analytics", () => new SqliteAnalyticsDbContextFactory().CreateDbContext([]), "Sqlite", "Isoc.Plugins", "Isoc.Plugins", "Analytics/Migrations"),
    ("analytics", () => new PostgresAnalyticsDbContextFactory().CreateDbContext([]), "Postgres", "Isoc.Plugins", "Isoc.Plugins", "Analytics/Migrations"),
    ("mail", () => new SqliteMailDbContextFactory().CreateDbContext([]), "Sqlite", "Isoc.Plugins", "Isoc.Plugins", "Mail/Migrations"),
    ("mail", () => new PostgresMailDbContextFactory().CreateDbContext([]), "Postgres", "Isoc.Plugins", "Isoc.Plugins", "Mail/Migrations"),
    ("forms", () => new SqliteFormsDbContextFactory().CreateDbContext([]), "Sqlite", "Isoc.Plugins", "Isoc.Plugins", "Forms/Migrations"),
    ("forms", () => new PostgresFormsDbContextFactory().CreateDbContext([]), "Postgres", "Isoc.Plugins", "Isoc.Plugins", "Forms/Migrations"),
};
if (args[0] == "add" && targets.All(t => t.Module != module))
{
    Console.Error.WriteLine($"unknown module '{module}': {string.Join(", ", targets.Select(t => t.Module).Distinct())}");
    return 2;
}

var failed = false;
foreach (var target in targets.Where(t => args[0] == "check" || t.Module == module))
{
    var provider = target.Provider;
    var projectDir = Path.Combine(repoRoot, "src", target.Project);
    using (var context = target.Create())
    {
        if (args[0] == "check")
        {
            var pending = context.Database.HasPendingModelChanges();
            Console.WriteLine($"{target.Module} {provider}: {(pending ? "PENDING MODEL CHANGES: add a migration" : "no pending model changes")}");
            failed |= pending;
            continue;
        }

        var services = new ServiceCollection()
            .AddEntityFrameworkDesignTimeServices()
            .AddDbContextDesignTimeServices(context);
        new DesignTimeServicesBuilderFacade(context).Configure(services);
        using var provider2 = services.BuildServiceProvider();
        var scaffolder = provider2.GetRequiredService<IMigrationsScaffolder>();
        var migration = scaffolder.ScaffoldMigration(args[1], target.RootNamespace, $"{target.Folder.Replace('/', '.')}.{provider}", "C#");
        var files = scaffolder.Save(projectDir, migration, Path.Combine(projectDir, target.Folder, provider));
        Console.WriteLine($"{provider}: {files.MigrationFile}");
    }
}

return failed ? 1 : 0;

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Isoc.Cms.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run from inside the repository.");
}

/// <summary>Adds the provider's own design-time services (type mappings, code generators).</summary>
internal sealed class DesignTimeServicesBuilderFacade(DbContext context)
{
    public void Configure(IServiceCollection services)
    {
        var providerAssembly = context.Database.ProviderName switch
        {
            "Microsoft.EntityFrameworkCore.Sqlite" => "Microsoft.EntityFrameworkCore.Sqlite",
            "Npgsql.EntityFrameworkCore.PostgreSQL" => "Npgsql.EntityFrameworkCore.PostgreSQL",
            var other => throw new InvalidOperationException($"Unknown provider {other}"),
        };
        var attribute = System.Reflection.Assembly.Load(providerAssembly)
            .GetCustomAttributes(typeof(DesignTimeProviderServicesAttribute), false)
            .Cast<DesignTimeProviderServicesAttribute>()
            .Single();
        var type = System.Reflection.Assembly.Load(providerAssembly).GetType(attribute.TypeName, throwOnError: true)!;
        ((IDesignTimeServices)Activator.CreateInstance(type)!).ConfigureDesignTimeServices(services);
    }
}
