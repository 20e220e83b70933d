using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Sovereign.Tests.Support;

public static class Html
{
    public static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}");
        return Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The antiforgery token as a browser would have it: from the page's meta tag (or a form field).</summary>
    public static string AntiforgeryToken(this IHtmlDocument page) =>
        page.QuerySelector("meta[name=request-verification-token]")?.GetAttribute("content")
        ?? page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException("The page carries no antiforgery token.");

    public static HttpRequestMessage Htmx(this HttpRequestMessage request, string? token = null)
    {
        request.Headers.Add("HX-Request", "true");
        if (token is not null) request.Headers.Add("RequestVerificationToken", token);
        return request;
    }
}
