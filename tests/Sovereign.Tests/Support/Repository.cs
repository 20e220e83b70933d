namespace Sovereign.Tests.Support;

/// <summary>Paths in the checkout the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));

    /// <summary>A folder under artifacts/ (kept by the test command): screenshots, measured figures.</summary>
    public static string Artifacts(string folder) => Directory.CreateDirectory(Path.Combine(Root, "artifacts", folder)).FullName;
}
