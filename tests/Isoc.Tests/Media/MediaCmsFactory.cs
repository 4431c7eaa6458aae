using Isoc.Cms;
using Isoc.Cms.Media;
using Isoc.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Tests.Media;

/// <summary>The site with a small upload limit (200 KB), so "too large" can be tested with a small file.</summary>
public sealed class MediaCmsFactory() : CmsFactory(DatabaseProvider.Sqlite, new CmsHostOptions
{
    Settings = new Dictionary<string, string?> { ["Isoc:Media:MaxFileSize"] = MaxFileSize.ToString(System.Globalization.CultureInfo.InvariantCulture) },
})
{
    public const long MaxFileSize = 200 * 1024;

    public string MediaRoot => Path.Combine(Database.DataPath, "media");

    public MediaSnapshot Media => Services.GetRequiredService<MediaLibrary>().Current;

    /// <summary>Uploads through the media service, as the backoffice does, and fails the test when refused.</summary>
    public async Task<MediaItem> UploadAsync(Guid? folder, string fileName, byte[] bytes, string? altText = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<MediaService>()
            .UploadAsync(folder, new MediaUpload(fileName, bytes.Length, new MemoryStream(bytes)), null, altText, "test@isoc.test", CancellationToken.None);
        Assert.True(result.Success, result.Error);
        return result.Item!;
    }
}
