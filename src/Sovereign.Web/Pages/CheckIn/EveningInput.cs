using System.ComponentModel.DataAnnotations;

namespace Sovereign.Web.Pages.CheckIn;

/// <summary>The evening look back: mood and craving, HALT, sleep, something that went well, a note.</summary>
public sealed class EveningInput
{
    [Required(ErrorMessage = "Choose how your day felt.")]
    [Range(Models.CheckIn.MinMood, Models.CheckIn.MaxMood, ErrorMessage = "Choose how your day felt.")]
    public int? Mood { get; set; }

    [Range(0, Models.CheckIn.MaxCraving, ErrorMessage = "Choose a craving from 0 to 10.")]
    public int Craving { get; set; }

    public bool Hungry { get; set; }
    public bool Angry { get; set; }
    public bool Lonely { get; set; }
    public bool Tired { get; set; }

    [Range(typeof(decimal), "0", "24", ErrorMessage = "Hours slept go from 0 to 24.", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public decimal? HoursSlept { get; set; }

    [StringLength(Models.CheckIn.MaxWentWellLength, ErrorMessage = "Keep it to 500 characters.")]
    public string? WentWell { get; set; }

    [StringLength(Models.CheckIn.MaxNoteLength, ErrorMessage = "The note can be up to 2,000 characters.")]
    public string? Note { get; set; }

    public EveningAnswers Answers() => new(Mood!.Value, Craving, Hungry, Angry, Lonely, Tired,
        HoursSlept is { } h ? Math.Round(h, 1) : null, Blank(WentWell), Blank(Note));

    public static EveningInput From(Models.CheckIn? checkIn) => checkIn is not { EveningAt: not null } c ? new() : new()
    {
        Mood = c.Mood, Craving = c.Craving ?? 0, Hungry = c.Hungry, Angry = c.Angry, Lonely = c.Lonely, Tired = c.Tired,
        HoursSlept = c.HoursSlept, WentWell = c.WentWell, Note = c.Note,
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
