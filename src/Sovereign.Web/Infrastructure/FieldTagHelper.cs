using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Sovereign.Web.Infrastructure;

/// <summary>
/// One labelled Bootstrap form field with its validation message wired for screen readers:
/// <c>&lt;sv-field for="Input.Email" type="email" autocomplete="email" /&gt;</c>. Types: any input type, or "textarea".
/// Password fields never echo their value.
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

    [ViewContext, HtmlAttributeNotBound] public required ViewContext ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var errors = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry.Errors.Select(e => e.ErrorMessage).ToList() : [];
        var value = Type == "password" ? null : entry?.AttemptedValue ?? Format(For.Model);
        var label = Label ?? For.Metadata.DisplayName ?? For.Metadata.PropertyName;
        var maxLength = For.Metadata.ValidatorMetadata.OfType<StringLengthAttribute>().FirstOrDefault()?.MaximumLength
            ?? For.Metadata.ValidatorMetadata.OfType<MaxLengthAttribute>().FirstOrDefault()?.Length;
        var describedBy = string.Join(' ', new[] { Hint is null ? null : id + "-hint", errors.Count == 0 ? null : id + "-error" }.OfType<string>());

        string E(string? s) => encoder.Encode(s ?? "");
        var attributes = $" id=\"{id}\" name=\"{E(name)}\" class=\"form-control{(errors.Count > 0 ? " is-invalid" : "")}\""
            + (For.Metadata.IsRequired && Type != "checkbox" ? " required" : "")
            + (maxLength is { } max && max > 0 ? $" maxlength=\"{max}\"" : "")
            + (Autocomplete is null ? "" : $" autocomplete=\"{E(Autocomplete)}\"")
            + (Min is null ? "" : $" min=\"{E(Min)}\"") + (Max is null ? "" : $" max=\"{E(Max)}\"") + (Step is null ? "" : $" step=\"{E(Step)}\"")
            + (describedBy.Length == 0 ? "" : $" aria-describedby=\"{describedBy}\"")
            + (errors.Count > 0 ? " aria-invalid=\"true\"" : "");

        var control = Type == "textarea"
            ? $"<textarea{attributes} rows=\"{Rows}\">{E(value)}</textarea>"
            : $"<input type=\"{E(Type)}\"{attributes}{(value is null ? "" : $" value=\"{E(value)}\"")}>";

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "mb-3");
        output.Content.SetHtmlContent(
            $"<label class=\"form-label\" for=\"{id}\">{E(label)}</label>{control}"
            + (Hint is null ? "" : $"<div class=\"form-text\" id=\"{id}-hint\">{E(Hint)}</div>")
            + (errors.Count == 0 ? "" : $"<div class=\"invalid-feedback\" id=\"{id}-error\">{E(string.Join(" ", errors))}</div>"));
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
