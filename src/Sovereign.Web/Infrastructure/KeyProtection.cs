using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Sovereign.Web.Infrastructure;

/// <summary>
/// The Data Protection key ring lives in the database (every instance shares it); its keys are encrypted with a
/// certificate that does not: a leaked database backup alone cannot mint cookies or antiforgery tokens.
/// "DataProtection:CertificatePath" (a PFX, with "DataProtection:CertificatePassword") names it; without it the app
/// makes one on first start in its data folder. Instances that share a database must share the certificate.
/// </summary>
public static class KeyProtection
{
    public static IDataProtectionBuilder ProtectKeysAtRest(this IDataProtectionBuilder builder, IConfiguration config, string dataDirectory)
    {
        var path = config["DataProtection:CertificatePath"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(dataDirectory, "dataprotection-keys.pfx");
        var password = config["DataProtection:CertificatePassword"];
        if (!File.Exists(path)) Create(path, password);
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        return builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
    }

    /// <summary>A self-signed certificate written atomically, so instances starting together agree on one.</summary>
    private static void Create(string path, string? password)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var key = RSA.Create(3072);
        var request = new CertificateRequest("CN=Sovereign data protection", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(100));
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, certificate.Export(X509ContentType.Pfx, password));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try { File.Move(temporary, path, overwrite: false); }
        catch (IOException) when (File.Exists(path)) { File.Delete(temporary); } // another instance was first
    }
}
