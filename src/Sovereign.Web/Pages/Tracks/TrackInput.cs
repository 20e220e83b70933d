using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Sovereign.Web.Data;
using Sovereign.Web.Models;
using Sovereign.Web.Pages.Habits;
using Sovereign.Web.Time;

namespace Sovereign.Web.Pages.Tracks;

/// <summary>The track form: what, since when, what it cost and took a day, and why.</summary>
public sealed class TrackInput
{
    [Required(ErrorMessage = "Give it a name, like Alcohol or Smoking."), StringLength(RecoveryTrack.MaxNameLength, ErrorMessage = "Keep the name to 100 characters.")]
    [Display(Name = "Name")]
    public string? Name { get; set; }

    public string? Kind { get; set; } = "other";

    [Display(Name = "Clean since (optional)")]
    public DateOnly? CleanSince { get; set; }

    [Display(Name = "At (optional)")]
    public string? CleanSinceTime { get; set; }

    [Range(typeof(decimal), "0", "100000", ErrorMessage = "Enter an amount from 0 to 100,000.")]
    [Display(Name = "What it cost a day (optional)")]
    public decimal? CostPerDay { get; set; }

    public string? Currency { get; set; }

    [Range(0, RecoveryTrack.MaxMinutesPerDay, ErrorMessage = "Enter minutes from 0 to 1440 (a whole day).")]
    [Display(Name = "Minutes it took a day (optional)")]
    public int? MinutesPerDay { get; set; }

    [StringLength(RecoveryTrack.MaxReasonsLength, ErrorMessage = "Keep your reasons to 2,000 characters.")]
    [Display(Name = "Why I am doing this (optional)")]
    public string? Reasons { get; set; }

    public static TrackInput From(RecoveryTrack t) => new()
    {
        Name = t.Name, Kind = SnakeCaseEnum<TrackKind>.Name(t.Kind), CleanSince = t.CleanSince, CleanSinceTime = t.CleanSinceTime?.ToString("HH:mm"),
        CostPerDay = t.CostPerDay, Currency = t.Currency, MinutesPerDay = t.MinutesPerDay, Reasons = t.Reasons,
    };

    /// <summary>Checks what the attributes cannot (kind, currency, minor unit, dates in the user's day) and copies the input onto the track.</summary>
    public bool TryApply(RecoveryTrack track, ModelStateDictionary modelState, UserClock clock, DateTime now, string prefix = "Input")
    {
        if (!SnakeCaseEnum<TrackKind>.TryParse(Kind, out var kind)) modelState.AddModelError($"{prefix}.Kind", "Choose what this is from the list.");
        var time = HabitResponses.ParseTime(CleanSinceTime);
        if (!string.IsNullOrEmpty(CleanSinceTime) && time is null) modelState.AddModelError($"{prefix}.CleanSinceTime", "Enter the time like 18:30.");
        if (time is not null && CleanSince is null) modelState.AddModelError($"{prefix}.CleanSince", "Choose the day as well as the time.");
        var today = clock.DayOf(now);
        if (CleanSince is { } since)
        {
            if (!DateWindow.Contains(since, today)) modelState.AddModelError($"{prefix}.CleanSince", since > today ? "The date can't be in the future." : DateWindow.Problem(today));
            else if (time is { } at && clock.ToUtc(since, at) > now) modelState.AddModelError($"{prefix}.CleanSinceTime", "The time can't be in the future.");
        }
        var currency = Currencies.Find(Currency);
        if (!string.IsNullOrEmpty(Currency) && currency is null) modelState.AddModelError($"{prefix}.Currency", "Choose a currency from the list.");
        if (CostPerDay is { } cost)
        {
            if (currency is null && string.IsNullOrEmpty(Currency)) modelState.AddModelError($"{prefix}.Currency", "Choose the currency of the amount.");
            else if (currency is not null && Currencies.Round(cost, currency) != cost)
                modelState.AddModelError($"{prefix}.CostPerDay", currency.MinorDigits == 0
                    ? $"{currency.Code} has no smaller unit: enter a whole amount."
                    : $"Enter at most {currency.MinorDigits} decimal places for {currency.Code}.");
        }
        if (!modelState.IsValid) return false;

        track.Name = Name!.Trim();
        track.Kind = kind;
        track.CleanSince = CleanSince;
        track.CleanSinceTime = CleanSince is null ? null : time;
        track.CostPerDay = CostPerDay;
        track.Currency = currency?.Code;
        track.MinutesPerDay = MinutesPerDay;
        track.Reasons = string.IsNullOrWhiteSpace(Reasons) ? null : Reasons.Trim();
        return true;
    }
}
