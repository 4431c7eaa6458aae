using System.Text.Json;
using Isoc.Cms.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Isoc.Cms.Data;

/// <summary>
/// The content engine's tables. Each provider has a derived context with its own migrations
/// (<see cref="SqliteCmsDbContext"/>, <see cref="PostgresCmsDbContext"/>).
/// </summary>
public abstract class CmsDbContext(DbContextOptions options)
    : IdentityDbContext<BackofficeUser, IdentityRole<Guid>, Guid>(options)
{
    public const string MigrationsHistoryTable = "cms_migrations";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public DbSet<LanguageEntity> Languages => Set<LanguageEntity>();
    public DbSet<DataTypeEntity> DataTypes => Set<DataTypeEntity>();
    public DbSet<DocumentTypeEntity> DocumentTypes => Set<DocumentTypeEntity>();
    public DbSet<ContentNodeEntity> ContentNodes => Set<ContentNodeEntity>();
    public DbSet<ContentVersionEntity> ContentVersions => Set<ContentVersionEntity>();
    public DbSet<PublishedCultureEntity> PublishedCultures => Set<PublishedCultureEntity>();
    public DbSet<RedirectEntity> Redirects => Set<RedirectEntity>();
    public DbSet<ScheduledChangeEntity> ScheduledChanges => Set<ScheduledChangeEntity>();
    public DbSet<AuditEntryEntity> AuditEntries => Set<AuditEntryEntity>();
    public DbSet<Isoc.Cms.Media.MediaItemEntity> Media => Set<Isoc.Cms.Media.MediaItemEntity>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Every timestamp is UTC; SQLite forgets the kind, so it is restored on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);

        builder.Entity<BackofficeUser>().ToTable("backoffice_users");
        builder.Entity<IdentityRole<Guid>>().ToTable("backoffice_roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("backoffice_user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("backoffice_user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("backoffice_user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("backoffice_user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("backoffice_role_claims");

        builder.Entity<LanguageEntity>(e =>
        {
            e.ToTable("cms_languages");
            e.HasKey(x => x.Key);
            e.HasIndex(x => x.IsoCode).IsUnique();
            e.Property(x => x.IsoCode).HasMaxLength(20);
            e.Property(x => x.CultureName).HasMaxLength(200);
            e.Property(x => x.FallbackIsoCode).HasMaxLength(20);
        });

        builder.Entity<DataTypeEntity>(e =>
        {
            e.ToTable("cms_data_types");
            e.HasKey(x => x.Key);
            e.Property(x => x.Name).HasMaxLength(255);
            e.Property(x => x.EditorAlias).HasMaxLength(255);
            e.Property(x => x.DatabaseType).HasMaxLength(50);
            e.Property(x => x.Folder).HasMaxLength(255);
        });

        builder.Entity<DocumentTypeEntity>(e =>
        {
            e.ToTable("cms_document_types");
            e.HasKey(x => x.Key);
            e.HasIndex(x => x.Alias).IsUnique();
            e.Property(x => x.Alias).HasMaxLength(255);
            e.Property(x => x.Name).HasMaxLength(255);
            e.Property(x => x.Icon).HasMaxLength(255);
            e.Property(x => x.Folder).HasMaxLength(255);
            JsonColumn(e.Property(x => x.AllowedChildAliases));
            JsonColumn(e.Property(x => x.CompositionAliases));
            JsonColumn(e.Property(x => x.Properties));
            JsonColumn(e.Property(x => x.Groups));
        });

        builder.Entity<ContentNodeEntity>(e =>
        {
            e.ToTable("cms_content_nodes");
            e.HasKey(x => x.Key);
            e.HasIndex(x => new { x.ParentKey, x.SortOrder });
            e.Property(x => x.ContentTypeAlias).HasMaxLength(255);
            e.Property(x => x.CreatedBy).HasMaxLength(255);
            e.Property(x => x.Revision).IsConcurrencyToken();
        });

        builder.Entity<ContentVersionEntity>(e =>
        {
            e.ToTable("cms_content_versions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.NodeKey, x.VersionNumber }).IsUnique();
            e.Property(x => x.CreatedBy).HasMaxLength(255);
            e.Property(x => x.Reason).HasMaxLength(50);
            JsonColumn(e.Property(x => x.Names));
            JsonColumn(e.Property(x => x.Values));
            JsonColumn(e.Property(x => x.PublishedCultures));
            e.Property(x => x.LastPublishedBy).HasMaxLength(255);
        });

        builder.Entity<PublishedCultureEntity>(e =>
        {
            e.ToTable("cms_published_cultures");
            e.HasKey(x => new { x.NodeKey, x.Culture });
            e.Property(x => x.Culture).HasMaxLength(20);
            e.Property(x => x.Name).HasMaxLength(255);
            e.Property(x => x.UrlSegment).HasMaxLength(255);
            e.Property(x => x.PublishedBy).HasMaxLength(255);
        });

        builder.Entity<RedirectEntity>(e =>
        {
            e.ToTable("cms_redirects");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Culture, x.Path }).IsUnique();
            e.Property(x => x.Culture).HasMaxLength(20);
            e.Property(x => x.Path).HasMaxLength(2000);
        });

        builder.Entity<AuditEntryEntity>(e =>
        {
            e.ToTable("cms_audit");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.At);
            e.HasIndex(x => new { x.NodeKey, x.At });
            e.HasIndex(x => new { x.User, x.At });
            e.Property(x => x.User).HasMaxLength(255);
            e.Property(x => x.Action).HasMaxLength(40);
            e.Property(x => x.NodeName).HasMaxLength(255);
            e.Property(x => x.Detail).HasMaxLength(1000);
        });

        Isoc.Cms.Media.MediaItemEntity.Configure(builder);

        builder.Entity<ScheduledChangeEntity>(e =>
        {
            e.ToTable("cms_scheduled_changes");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.DueAt);
            e.Property(x => x.Culture).HasMaxLength(20);
            e.Property(x => x.RequestedBy).HasMaxLength(255);
            e.Property(x => x.Action).HasConversion<string>().HasMaxLength(20);
        });
    }

    private static void JsonColumn<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<T> property)
        where T : class, new()
    {
        var converter = new ValueConverter<T, string>(
            v => JsonSerializer.Serialize(v, Json),
            v => JsonSerializer.Deserialize<T>(v, Json) ?? new T());
        var comparer = new ValueComparer<T>(
            (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
            v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Json), Json)!);
        property.HasConversion(converter, comparer).IsRequired();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class SqliteCmsDbContext(DbContextOptions<SqliteCmsDbContext> options) : CmsDbContext(options);

public sealed class PostgresCmsDbContext(DbContextOptions<PostgresCmsDbContext> options) : CmsDbContext(options);
