using Isoc.Cms;
using Isoc.Cms.Content;
using Isoc.Cms.Data;
using Isoc.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Isoc.Tests.Delivery;

/// <summary>The site with the Delivery API switched on, a preview key, a small maximum "take" and one disallowed type.</summary>
public class DeliveryCmsFactory(DatabaseProvider provider) : CmsFactory(provider)
{
    public const string ApiKey = "test-delivery-key-0123456789abcdef";
    public const int MaxTake = 6;

    /// <summary>A type of the tests with every editor the API converts, and a content picker to expand.</summary>
    public const string RichType = "deliveryRich";

    /// <summary>A type the settings keep out of the API.</summary>
    public const string HiddenType = "deliveryHidden";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Isoc:DeliveryApi:Enabled", "true");
        builder.UseSetting("Isoc:DeliveryApi:ApiKey", ApiKey);
        builder.UseSetting("Isoc:DeliveryApi:MaxTake", MaxTake.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Isoc:DeliveryApi:DisallowedContentTypeAliases:0", HiddenType);
    }

    /// <summary>Adds <see cref="RichType"/> and <see cref="HiddenType"/>, allowed under the home page and under themselves. Idempotent.</summary>
    public async Task EnsureDeliveryTypesAsync()
    {
        await this.DbAsync(async db =>
        {
            if (!await db.DocumentTypes.AnyAsync(t => t.Alias == RichType))
            {
                db.DocumentTypes.Add(new DocumentTypeEntity
                {
                    Key = Guid.NewGuid(),
                    Alias = RichType,
                    Name = "Delivery rich page",
                    VariesByCulture = true,
                    AllowedChildAliases = [RichType, HiddenType],
                    Properties =
                    [
                        Property("bodyText", PropertyEditors.RichText, 1, varies: true),
                        Property("notes", PropertyEditors.MarkdownEditor, 2),
                        Property("eventDate", PropertyEditors.DateTime, 3),
                        Property("featured", PropertyEditors.TrueFalse, 4),
                        Property("related", PropertyEditors.ContentPicker, 5),
                        Property("keywords", PropertyEditors.Tags, 6),
                        Property("image", PropertyEditors.MediaPicker3, 7),
                    ],
                });
                db.DocumentTypes.Add(new DocumentTypeEntity
                {
                    Key = Guid.NewGuid(),
                    Alias = HiddenType,
                    Name = "Delivery hidden page",
                    VariesByCulture = true,
                    Properties = [Property("bodyText", PropertyEditors.TextBox, 1, varies: true)],
                });
            }

            await db.SaveChangesAsync();
            foreach (var home in await db.DocumentTypes.Where(t => t.Alias == "home" || t.Alias == "contentPage").ToListAsync())
            {
                if (!home.AllowedChildAliases.Contains(RichType))
                {
                    home.AllowedChildAliases = [.. home.AllowedChildAliases, RichType, HiddenType];
                }
            }

            return await db.SaveChangesAsync();
        });
        await ContentTypes.ReloadAsync(CancellationToken.None);
    }

    private static PropertyTypeDefinition Property(string alias, string editor, int sortOrder, bool varies = false) => new()
    {
        Key = Guid.NewGuid(),
        Alias = alias,
        Name = alias,
        EditorAlias = editor,
        VariesByCulture = varies,
        SortOrder = sortOrder,
    };
}

public sealed class SqliteDeliveryCmsFactory() : DeliveryCmsFactory(DatabaseProvider.Sqlite);

public sealed class PostgresDeliveryCmsFactory() : DeliveryCmsFactory(DatabaseProvider.Postgres);
