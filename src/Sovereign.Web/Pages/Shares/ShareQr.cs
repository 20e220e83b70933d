using QRCoder;

namespace Sovereign.Web.Pages.Shares;

/// <summary>
/// The new link as a QR code, drawn on the server as SVG by QRCoder: inline in the page, so the link never leaves it
/// (no image URL carrying the token, no third-party service) and no script or style attribute is needed (CSP-safe).
/// </summary>
public static class ShareQr
{
    public static string Svg(string url)
    {
        using var data = QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        // A viewBox and no width or height: the page's CSS sizes it. Dark on white whatever the theme, so phones can read it.
        return svg.GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
