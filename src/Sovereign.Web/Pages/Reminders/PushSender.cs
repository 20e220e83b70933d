using System.Net;
using System.Text.Json;
using Lib.Net.Http.WebPush;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Reminders;

/// <summary>
/// Sends the notifications that are due. A batch is claimed by one UPDATE (PostgreSQL skips rows another instance
/// holds), so each is sent by one sender; a sender that dies leaves its claim to lapse. A push service's answer decides
/// what follows: 2xx sent; 404/410 the subscription is gone (the device is deleted); 429, 5xx, a timeout or no network
/// tried again later, up to <see cref="Notification.MaxAttempts"/>; anything else given up. The user's data is never
/// touched by a failure: only the notification's own row changes.
/// </summary>
public sealed class PushSender(AppDb db, VapidKeyStore keys, PushServiceClient client, TimeProvider clock, ILogger<PushSender> logger)
{
    public const int Batch = 100;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan TimeToLive = TimeSpan.FromHours(6);

    /// <summary>Sends every notification due now; returns how many were delivered.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        while (await ClaimAsync(cancellationToken) is { Count: > 0 } claimed)
        {
            var ids = claimed.Select(n => n.DeviceId).Distinct().ToList();
            var devices = await db.PushDevices.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
            foreach (var notification in claimed)
                if (devices.TryGetValue(notification.DeviceId, out var device) && await SendAsync(notification, device, cancellationToken))
                    delivered++;
        }
        return delivered;
    }

    private Task<List<Notification>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.ClaimDueNotificationsAsync(now, now + Lease, Batch, cancellationToken);
    }

    private async Task<bool> SendAsync(Notification notification, PushDevice device, CancellationToken cancellationToken)
    {
        var subscription = new PushSubscription { Endpoint = device.Endpoint };
        subscription.SetKey(PushEncryptionKeyName.P256DH, device.P256dh);
        subscription.SetKey(PushEncryptionKeyName.Auth, device.Auth);
        var message = new PushMessage(Payload(notification, device)) { TimeToLive = (int)TimeToLive.TotalSeconds, Urgency = PushMessageUrgency.Normal };
        TimeSpan? retryAfter = null;
        try
        {
            await client.RequestPushMessageDeliveryAsync(subscription, message, await keys.AuthenticationAsync(cancellationToken), cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            await db.Notifications.Where(n => n.Id == notification.Id).ExecuteUpdateAsync(s => s.SetProperty(n => n.SentAt, now), CancellationToken.None);
            await db.PushDevices.Where(d => d.Id == device.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.LastDeliveredAt, now), CancellationToken.None);
            return true;
        }
        catch (PushServiceClientException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            logger.LogInformation("Push: a subscription is gone ({Status}); its device is removed.", (int)e.StatusCode);
            await db.PushDevices.Where(d => d.Id == device.Id).ExecuteDeleteAsync(CancellationToken.None);
            return false;
        }
        catch (PushServiceClientException e) when (e.StatusCode is HttpStatusCode.TooManyRequests || (int)e.StatusCode >= 500)
        {
            retryAfter = e.Headers?.RetryAfter?.Delta;
            logger.LogWarning("Push: the push service answered {Status} (attempt {Attempt}).", (int)e.StatusCode, notification.Attempts);
        }
        catch (PushServiceClientException e)
        {
            logger.LogWarning("Push: the push service refused a notification ({Status}); it is given up.", (int)e.StatusCode);
            await GiveUpAsync(notification);
            return false;
        }
        catch (HttpRequestException e) when (e.InnerException is RefusedAddressException || e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            logger.LogWarning("Push: {Reason}; the notification is given up.", e.InnerException?.Message ?? "the push service's answer was too large");
            await GiveUpAsync(notification);
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Push: the push service could not be reached ({Error}, attempt {Attempt}).", e.GetType().Name, notification.Attempts);
        }
        await RetryLaterAsync(notification, retryAfter);
        return false;
    }

    private Task GiveUpAsync(Notification notification)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Notifications.Where(n => n.Id == notification.Id).ExecuteUpdateAsync(s => s.SetProperty(n => n.GivenUpAt, now), CancellationToken.None);
    }

    /// <summary>Again after 30 s, 2, 8, 32 minutes (or the push service's Retry-After, up to an hour); given up after the last.</summary>
    private Task RetryLaterAsync(Notification notification, TimeSpan? retryAfter)
    {
        if (notification.Attempts >= Notification.MaxAttempts) return GiveUpAsync(notification);
        var backoff = TimeSpan.FromSeconds(30 * Math.Pow(4, notification.Attempts - 1));
        if (retryAfter is { } asked && asked > backoff) backoff = asked < TimeSpan.FromHours(1) ? asked : TimeSpan.FromHours(1);
        var due = clock.GetUtcNow().UtcDateTime + backoff;
        return db.Notifications.Where(n => n.Id == notification.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.DueAt, due).SetProperty(n => n.ClaimedUntil, (DateTime?)null), CancellationToken.None);
    }

    /// <summary>
    /// What the service worker gets (wwwroot/sw.js): the text, the page a tap opens, and for a habit the "Done" action's
    /// address and key. A supporter's page is named by its link's id: its address holds the token, which only their
    /// browser keeps.
    /// </summary>
    public static string Payload(Notification n, PushDevice device) => JsonSerializer.Serialize(new
    {
        title = n.Title,
        body = n.Body,
        url = n.Url,
        link = device.ShareLinkId,
        tag = n.Key,
        done = n.HabitId is { } habit ? $"habits/{habit}/complete" : null,
        key = n.Id,
    });
}
