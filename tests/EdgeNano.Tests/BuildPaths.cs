using System.Reflection;

namespace EdgeNano.Tests;

/// <summary>Paths the build wrote into this test assembly (see EdgeNano.Tests.csproj).</summary>
internal static class BuildPaths
{
    public static string NanoMscorlib => Metadata("NanoMscorlib");
    public static string NanoDeviceAssembly => Metadata("NanoDeviceAssembly");
    public static string RepoRoot => Metadata("RepoRoot");

    private static string Metadata(string key) =>
        typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"build metadata {key} is missing");
}
