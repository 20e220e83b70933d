using System.ComponentModel.DataAnnotations;
using Sovereign.Web.Data;
using System.Linq.Expressions;
namespace Sovereign.Web.Models;

/// <summary>An if–then plan for one kind of trigger, in the user's words: "If I'm stressed after work, then I walk and call Sam."</summary>
[ExportedAs(typeof(ExportedPlanStep), LeftOut = [nameof(Id), nameof(UserId)])]
public class PlanStep
{
    public const int MaxTextLength = 500;
    /// <summary>Plans one account may hold (far above any real plan; it bounds a page).</summary>
    public const int MaxPerUser = 200;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public TriggerType TriggerType { get; set; }
    [MaxLength(PlanStep.MaxTextLength)]
    public required string Text { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>Someone to call in a hard moment.</summary>
[ExportedAs(typeof(ExportedPerson), LeftOut = [nameof(Id), nameof(UserId)])]
public class SupportPerson
{
    public const int MaxNameLength = 100;
    public const int MaxPhoneLength = 40;
    public const int MaxNoteLength = 500;
    public const int MaxPerUser = 20;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    [MaxLength(SupportPerson.MaxNameLength)]
    public required string Name { get; set; }
    [MaxLength(SupportPerson.MaxPhoneLength)]
    public required string Phone { get; set; }
    [MaxLength(SupportPerson.MaxNoteLength)]
    public string? Note { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>The number as a tel: link wants it: digits and a leading plus.</summary>
    public string TelHref => Tel(Phone);

    /// <summary>A tel: link for a phone number as people write one: its digits and its leading plus.</summary>
    public static string Tel(string phone) => "tel:" + new string(phone.Where((c, i) => char.IsAsciiDigit(c) || (c == '+' && i == phone.IndexOf('+'))).ToArray());

    /// <summary>A phone number as people write one: digits with spaces, dots, dashes, brackets and a leading plus; 3 to 20 digits.</summary>
    public static bool IsPhone(string phone) =>
        phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '.' or '-' or '(' or ')' or '+')
        && phone.TrimStart().IndexOf('+') <= 0 && phone.Count(c => c == '+') <= 1
        && phone.Count(char.IsAsciiDigit) is >= 3 and <= 20;
}

public sealed record ExportedPlanStep(string TriggerType, string Text, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static readonly Expression<Func<PlanStep, ExportedPlanStep>> From = p => new ExportedPlanStep(SnakeCaseEnum<TriggerType>.Name(p.TriggerType), p.Text, p.CreatedAt, p.UpdatedAt);

    public PlanStep ToEntity(Guid userId) => new()
    {
        UserId = userId, TriggerType = SnakeCaseEnum<TriggerType>.Parse(TriggerType), Text = Text.Trim(), CreatedAt = ImportCheck.Utc(CreatedAt), UpdatedAt = ImportCheck.Utc(UpdatedAt),
    };

    public void Check(ImportCheck check, string what)
    {
        if (!SnakeCaseEnum<TriggerType>.TryParse(TriggerType, out _)) check.Add($"{what}: unknown trigger type \"{TriggerType}\".");
        if (string.IsNullOrWhiteSpace(Text) || Text.Trim().Length > PlanStep.MaxTextLength) check.Add($"{what}: the text must be 1 to 500 characters.");
        check.Instant(CreatedAt, what);
        check.Instant(UpdatedAt, what);
    }
}

public sealed record ExportedPerson(string Name, string Phone, string? Note, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static readonly Expression<Func<SupportPerson, ExportedPerson>> From = p => new ExportedPerson(p.Name, p.Phone, p.Note, p.CreatedAt, p.UpdatedAt);

    public SupportPerson ToEntity(Guid userId) => new()
    {
        UserId = userId, Name = Name.Trim(), Phone = Phone.Trim(), Note = Note, CreatedAt = ImportCheck.Utc(CreatedAt), UpdatedAt = ImportCheck.Utc(UpdatedAt),
    };

    public void Check(ImportCheck check, string what)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > SupportPerson.MaxNameLength) check.Add($"{what}: the name must be 1 to 100 characters.");
        if (Phone is null || Phone.Trim().Length > SupportPerson.MaxPhoneLength || !SupportPerson.IsPhone(Phone.Trim())) check.Add($"{what}: the phone number isn't one.");
        if (Note?.Length > SupportPerson.MaxNoteLength) check.Add($"{what}: the note is longer than 500 characters.");
        check.Instant(CreatedAt, what);
        check.Instant(UpdatedAt, what);
    }
}
