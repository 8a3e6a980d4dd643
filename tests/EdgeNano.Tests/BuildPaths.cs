using System.Reflection;

namespace EdgeNano.Tests;

/// <summary>Paths the build wrote into this test assembly (see EdgeNano.Tests.csproj).</summary>
internal static class BuildPaths
{
    public static string NanoMscorlib => Metadata("NanoMscorlib");
    /// <summary>The configuration this test assembly was built in; the device libraries were built in the same.</summary>
    public static string Configuration => Metadata("Configuration");
    public static string RepoRoot => Metadata("RepoRoot");

    private static string Metadata(string key) =>
        typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"build metadata {key} is missing");
}
