using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Sovereign.Web.Infrastructure;

/// <summary>
/// One labelled Bootstrap form field with its hint and validation message wired for screen readers. The name and id
/// come from <c>for</c> (with the partial's prefix), the value from what was posted or the model, the length limit and
/// "required" from the property's attributes. Types:
/// <list type="bullet">
/// <item>any input type, or "textarea": <c>&lt;sv-field for="Email" type="email" autocomplete="email" /&gt;</c>
/// (password fields never echo their value);</item>
/// <item>"select" and "radio" with <c>options</c>, and "checkboxes" (a list of strings) with <c>options</c>;</item>
/// <item>"checkbox" (one bool, <c>inline</c> for a row of them);</item>
/// <item>"range": its value shown in the label (<c>unit</c> after it) and the ends of the scale under it.</item>
/// </list>
/// <c>data-*</c>, <c>aria-*</c> and <c>inputmode</c> attributes go on the control, <c>class</c> replaces the wrapper's "mb-3"; with
/// <c>bare</c> there is no wrapper nor label (the caller writes them), and <c>class</c> is added to the control's.
/// </summary>
[HtmlTargetElement("sv-field", Attributes = "for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldTagHelper(HtmlEncoder encoder) : TagHelper
{
    [HtmlAttributeName("for")] public required ModelExpression For { get; set; }
    public string? Label { get; set; }
    public string Type { get; set; } = "text";
    public string? Hint { get; set; }
    public string? Autocomplete { get; set; }
    public int Rows { get; set; } = 3;
    public string? Min { get; set; }
    public string? Max { get; set; }
    public string? Step { get; set; }
    /// <summary>Choices of a select, radio or checkboxes field: the posted value and its text.</summary>
    public IEnumerable<(string Value, string Text)> Options { get; set; } = [];
    /// <summary>A select's first, empty choice ("Choose…"), shown while nothing is chosen.</summary>
    public string? Placeholder { get; set; }
    public bool Inline { get; set; }
    public bool Optional { get; set; }
    public string? Unit { get; set; }
    public string? ScaleLow { get; set; }
    public string? ScaleHigh { get; set; }
    public bool Bare { get; set; }

    [ViewContext, HtmlAttributeNotBound] public required ViewContext ViewContext { get; set; }

    private string E(string? s) => encoder.Encode(s ?? "");

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var errors = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry.Errors.Select(e => e.ErrorMessage).ToList() : [];
        var value = Type == "password" ? null : entry?.AttemptedValue ?? Format(For.Model);
        var label = E(Label ?? For.Metadata.DisplayName ?? For.Metadata.PropertyName)
            + (Optional ? " <span class=\"text-body-secondary small\">(optional)</span>" : "");
        var hasScale = ScaleLow is not null || ScaleHigh is not null;
        var describedBy = string.Join(' ', new[] { Hint is null && !hasScale ? null : id + "-hint", errors.Count == 0 ? null : id + "-error" }.OfType<string>());
        var error = errors.Count == 0 ? "" : $"<div class=\"invalid-feedback d-block\" id=\"{id}-error\">{E(string.Join(" ", errors))}</div>";
        var hint = Hint is null ? "" : $"<div class=\"form-text\" id=\"{id}-hint\">{E(Hint)}</div>";
        var common = $" name=\"{E(name)}\"" + (errors.Count > 0 ? " aria-invalid=\"true\"" : "") + DataAttributes(output);

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        var givenClass = output.Attributes.TryGetAttribute("class", out var given) ? given.Value?.ToString() : null;
        output.Attributes.SetAttribute("class", givenClass ?? "mb-3");

        switch (Type)
        {
            case "radio" or "checkboxes":
                HashSet<string?> chosen = Type == "radio" ? [value] : (For.Model as IEnumerable)?.Cast<object>().Select(Format).ToHashSet() ?? [];
                var inputType = Type == "radio" ? "radio" : "checkbox";
                var choices = string.Concat(Options.Select(o =>
                    $"<div class=\"form-check{(Inline ? " form-check-inline" : "")}\"><input class=\"form-check-input{Invalid(errors)}\" type=\"{inputType}\" id=\"{id}-{E(o.Value)}\"{common} value=\"{E(o.Value)}\""
                    + (chosen.Contains(o.Value) ? " checked" : "") + (describedBy.Length == 0 ? "" : $" aria-describedby=\"{describedBy}\"")
                    + $"><label class=\"form-check-label\" for=\"{id}-{E(o.Value)}\">{E(o.Text)}</label></div>"));
                output.TagName = "fieldset";
                output.Content.SetHtmlContent($"<legend class=\"form-label fs-6\">{label}</legend>{choices}{hint}{error}");
                return;
            case "checkbox":
                output.Attributes.SetAttribute("class", "form-check" + (Inline ? " form-check-inline" : "") + (givenClass is null ? "" : " " + givenClass));
                output.Content.SetHtmlContent(
                    $"<input class=\"form-check-input\" type=\"checkbox\" id=\"{id}\"{common} value=\"true\"{(For.Model is true ? " checked" : "")}>"
                    + $"<label class=\"form-check-label\" for=\"{id}\">{label}</label>");
                return;
        }

        var attributes = $" id=\"{id}\"{common}"
            + (For.Metadata.IsRequired && Type != "range" ? " required" : "")
            + (MaxLength() is { } max && max > 0 ? $" maxlength=\"{max}\"" : "")
            + (Autocomplete is null ? "" : $" autocomplete=\"{E(Autocomplete)}\"")
            + (Min is null ? "" : $" min=\"{E(Min)}\"") + (Max is null ? "" : $" max=\"{E(Max)}\"") + (Step is null ? "" : $" step=\"{E(Step)}\"")
            + (describedBy.Length == 0 ? "" : $" aria-describedby=\"{describedBy}\"");
        var control = Type switch
        {
            "textarea" => $"<textarea class=\"form-control{Invalid(errors)}\"{attributes} rows=\"{Rows}\">{E(value)}</textarea>",
            "select" => $"<select class=\"form-select{Invalid(errors)}\"{attributes}>"
                + (Placeholder is not null && string.IsNullOrEmpty(value) ? $"<option value=\"\">{E(Placeholder)}</option>" : "")
                + string.Concat(Options.Select(o => $"<option value=\"{E(o.Value)}\"{(o.Value == value ? " selected" : "")}>{E(o.Text)}</option>"))
                + "</select>",
            "range" => $"<input type=\"range\" class=\"form-range{Invalid(errors)}\"{attributes} value=\"{E(value)}\" data-output=\"{id}-value\">",
            _ => $"<input type=\"{E(Type)}\" class=\"form-control{(Bare ? " " + givenClass : "")}{Invalid(errors)}\"{attributes}{(value is null ? "" : $" value=\"{E(value)}\"")}>",
        };
        if (Bare)
        {
            output.TagName = null;
            output.Content.SetHtmlContent(control + error);
            return;
        }
        if (Type == "range")
        {
            label += $" <output id=\"{id}-value\" class=\"fw-semibold\" for=\"{id}\">{E(value)}</output>" + (Unit is null ? "" : " " + E(Unit));
            if (hasScale) hint = $"<div class=\"d-flex justify-content-between small text-body-secondary\" id=\"{id}-hint\"><span>{E(ScaleLow)}</span><span>{E(ScaleHigh)}</span></div>";
        }
        output.Content.SetHtmlContent($"<label class=\"form-label\" for=\"{id}\">{label}</label>{control}{hint}{error}");
    }

    private static string Invalid(List<string> errors) => errors.Count > 0 ? " is-invalid" : "";

    private int? MaxLength() => For.Metadata.ValidatorMetadata.OfType<StringLengthAttribute>().FirstOrDefault()?.MaximumLength
        ?? For.Metadata.ValidatorMetadata.OfType<MaxLengthAttribute>().FirstOrDefault()?.Length;

    /// <summary>The <c>data-*</c>, <c>aria-*</c> and <c>inputmode</c> attributes written on the tag, moved from the wrapper to the control.</summary>
    private string DataAttributes(TagHelperOutput output)
    {
        var data = output.Attributes.Where(a => a.Name.StartsWith("data-", StringComparison.Ordinal) || a.Name.StartsWith("aria-", StringComparison.Ordinal) || a.Name == "inputmode").ToList();
        foreach (var attribute in data) output.Attributes.Remove(attribute);
        return string.Concat(data.Select(a => $" {a.Name}=\"{E(a.Value?.ToString())}\""));
    }

    private static string? Format(object? model) => model switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => model.ToString(),
    };
}
