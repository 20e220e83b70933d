using System.Buffers.Text;
using System.Security.Cryptography;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Sovereign.Web.Data;
using Sovereign.Web.Models;

namespace Sovereign.Web.Pages.Reminders;

/// <summary>
/// The installation's VAPID key pair, which signs every push so a push service knows it comes from the server the
/// browser subscribed with. Configured keys win; otherwise the first instance to need them makes them and keeps them
/// in the database, the private key sealed by Data Protection (whose keys are sealed by the certificate the database
/// does not hold), so every instance signs alike and a database backup alone cannot sign.
/// </summary>
public sealed class VapidKeyStore(IServiceScopeFactory scopes, IDataProtectionProvider protection, PushOptions options)
{
    private readonly IDataProtector protector = protection.CreateProtector("Sovereign.Reminders.Vapid");
    private readonly SemaphoreSlim gate = new(1, 1);
    private VapidAuthentication? authentication;

    public async Task<string> PublicKeyAsync(CancellationToken cancellationToken) => (await AuthenticationAsync(cancellationToken)).PublicKey;

    public async Task<VapidAuthentication> AuthenticationAsync(CancellationToken cancellationToken)
    {
        if (authentication is { } known) return known;
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (authentication is null)
            {
                var (publicKey, privateKey) = options is { PublicKey.Length: > 0, PrivateKey.Length: > 0 }
                    ? (options.PublicKey, options.PrivateKey)
                    : await StoredAsync(cancellationToken);
                authentication = new VapidAuthentication(publicKey, privateKey) { Subject = options.Subject };
            }
            return authentication;
        }
        finally { gate.Release(); }
    }

    private async Task<(string PublicKey, string PrivateKey)> StoredAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var stored = await db.VapidKeys.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var parameters = key.ExportParameters(includePrivateParameters: true);
            var made = new VapidKeys
            {
                PublicKey = Base64Url.EncodeToString([0x04, .. parameters.Q.X!, .. parameters.Q.Y!]),
                ProtectedPrivateKey = protector.Protect(Base64Url.EncodeToString(parameters.D!)),
                CreatedAt = DateTime.UtcNow,
            };
            db.VapidKeys.Add(made);
            try { await db.SaveChangesAsync(cancellationToken); stored = made; }
            catch (DbUpdateException) // another instance made them first: theirs count
            {
                db.ChangeTracker.Clear();
                stored = await db.VapidKeys.AsNoTracking().SingleAsync(cancellationToken);
            }
        }
        return (stored.PublicKey, protector.Unprotect(stored.ProtectedPrivateKey));
    }
}
