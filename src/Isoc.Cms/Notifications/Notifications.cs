using Microsoft.Extensions.DependencyInjection;

namespace Isoc.Cms.Notifications;

/// <summary>Something that happened (or is about to happen) in the engine, raised to the registered handlers.</summary>
public interface INotification;

/// <summary>A notification raised before a write; a handler may cancel the write with a message.</summary>
public interface ICancelableNotification : INotification
{
    bool Cancelled { get; }
    string? CancelMessage { get; }
    void Cancel(string message);
}

public abstract class CancelableNotification : ICancelableNotification
{
    public bool Cancelled { get; private set; }
    public string? CancelMessage { get; private set; }

    public void Cancel(string message)
    {
        Cancelled = true;
        CancelMessage = message;
    }
}

/// <summary>Handles one kind of notification. Handlers are created per notification and keep no state.</summary>
public interface INotificationHandler<in TNotification>
    where TNotification : INotification
{
    Task HandleAsync(TNotification notification, CancellationToken cancellationToken);
}

public interface INotificationPublisher
{
    /// <summary>Runs every handler of <typeparamref name="TNotification"/> in registration order.</summary>
    Task PublishAsync<TNotification>(TNotification notification, CancellationToken cancellationToken)
        where TNotification : INotification;
}

internal sealed class NotificationPublisher(IServiceProvider services) : INotificationPublisher
{
    public async Task PublishAsync<TNotification>(TNotification notification, CancellationToken cancellationToken)
        where TNotification : INotification
    {
        foreach (var handler in services.GetServices<INotificationHandler<TNotification>>())
        {
            await handler.HandleAsync(notification, cancellationToken).ConfigureAwait(false);
            if (notification is ICancelableNotification { Cancelled: true })
            {
                return;
            }
        }
    }
}

public static class NotificationServiceCollectionExtensions
{
    /// <summary>Subscribes <typeparamref name="THandler"/> to <typeparamref name="TNotification"/>, as Umbraco's composers do.</summary>
    public static IServiceCollection AddNotificationHandler<TNotification, THandler>(this IServiceCollection services)
        where TNotification : INotification
        where THandler : class, INotificationHandler<TNotification>
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddTransient<INotificationHandler<TNotification>, THandler>();
        return services;
    }
}
