namespace Sovereign.Web.Models;

public class User
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Email { get; set; }
    public required string Username { get; set; }
    public required string PasswordHash { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>IANA time zone name; days, weeks and streaks are counted in it.</summary>
    public string TimeZone { get; set; } = "UTC";

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
