using System.ComponentModel.DataAnnotations;
namespace Sovereign.Web.Models;

/// <summary>
/// One failed password check, for throttling: keyed by the account as typed and by the client (a device that has
/// signed in before, or the network address). Both keys are SHA-256 hashes, so the table never holds an e-mail address
/// of someone who may have no account here. Rows older than the throttle window are removed by the hourly housekeeping (Operations/Housekeeping.cs).
/// </summary>
public class SignInFailure
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    [MaxLength(64)]
    public required string AccountKey { get; init; }
    [MaxLength(64)]
    public required string ClientKey { get; init; }

    /// <summary>From a device that has signed in to this account before: it has an allowance of its own.</summary>
    public bool FromKnownDevice { get; init; }

    public DateTime FailedAt { get; init; }
}
