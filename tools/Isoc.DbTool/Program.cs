// Generates EF Core migrations for both providers. The dotnet-ef tool in this feed targets .NET 11,
// so the same design-time services are driven from here:
//   dotnet run --project tools/Isoc.DbTool -- add <MigrationName>
//   dotnet run --project tools/Isoc.DbTool -- check
using Isoc.Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;

if (args.Length == 0 || args[0] is not ("add" or "check") || (args[0] == "add" && args.Length < 2))
{
    Console.Error.WriteLine("usage: Isoc.DbTool add <MigrationName> | check");
    return 2;
}

var repoRoot = FindRepoRoot();
var projectDir = Path.Combine(repoRoot, "src", "Isoc.Cms");
var failed = false;
foreach (var (context, provider) in new (CmsDbContext, string)[]
{
    (new SqliteCmsDbContextFactory().CreateDbContext([]), "Sqlite"),
    (new PostgresCmsDbContextFactory().CreateDbContext([]), "Postgres"),
})
{
    using (context)
    {
        if (args[0] == "check")
        {
            var pending = context.Database.HasPendingModelChanges();
            Console.WriteLine($"{provider}: {(pending ? "PENDING MODEL CHANGES: add a migration" : "no pending model changes")}");
            failed |= pending;
            continue;
        }

        var services = new ServiceCollection()
            .AddEntityFrameworkDesignTimeServices()
            .AddDbContextDesignTimeServices(context);
        new DesignTimeServicesBuilderFacade(context).Configure(services);
        using var provider2 = services.BuildServiceProvider();
        var scaffolder = provider2.GetRequiredService<IMigrationsScaffolder>();
        var migration = scaffolder.ScaffoldMigration(args[1], "Isoc.Cms", $"Data.Migrations.{provider}", "C#");
        var files = scaffolder.Save(projectDir, migration, Path.Combine(projectDir, "Data", "Migrations", provider));
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
