using Microsoft.EntityFrameworkCore;

namespace Isoc.Cms.Media;

/// <summary>A media item: a folder, an image or a document. The file itself lives under the data folder (media/{key}/).</summary>
public sealed class MediaItemEntity
{
    public Guid Key { get; set; }
    public Guid? ParentKey { get; set; }
    /// <summary>Umbraco's media type alias: "Folder", "Image" or "File".</summary>
    public required string MediaType { get; set; }
    public required string Name { get; set; }
    public int SortOrder { get; set; }
    /// <summary>For images: the text a screen reader says instead of the picture.</summary>
    public string? AltText { get; set; }
    /// <summary>The cleaned file name in the URL (never used as a path on disk).</summary>
    public string? FileName { get; set; }
    public string? Extension { get; set; }
    public string? MimeType { get; set; }
    public long Bytes { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    /// <summary>A hash of the file's bytes: part of its URL, so a URL's answer never changes and may be cached for ever.</summary>
    public string? Version { get; set; }
    public DateTime CreateDate { get; set; }
    public DateTime UpdateDate { get; set; }
    public required string CreatedBy { get; set; }
    public required string UpdatedBy { get; set; }

    internal static void Configure(ModelBuilder builder) => builder.Entity<MediaItemEntity>(e =>
    {
        e.ToTable("cms_media");
        e.HasKey(x => x.Key);
        e.HasIndex(x => new { x.ParentKey, x.SortOrder });
        e.Property(x => x.MediaType).HasMaxLength(50);
        e.Property(x => x.Name).HasMaxLength(255);
        e.Property(x => x.AltText).HasMaxLength(500);
        e.Property(x => x.FileName).HasMaxLength(120);
        e.Property(x => x.Extension).HasMaxLength(10);
        e.Property(x => x.MimeType).HasMaxLength(100);
        e.Property(x => x.Version).HasMaxLength(20);
        e.Property(x => x.CreatedBy).HasMaxLength(255);
        e.Property(x => x.UpdatedBy).HasMaxLength(255);
    });
}
