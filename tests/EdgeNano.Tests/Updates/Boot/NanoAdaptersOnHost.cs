using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Updates.Boot;

/// <summary>
/// The nanoFramework slot adapters (FlashSlotFiles, SlotLoader) use only API that .NET has too
/// (FileStream, Directory, File, Path, Assembly.Load(byte[]), reflection), so their very source
/// files are compiled here for .NET and run against a temporary folder: their logic is tested
/// for real, though not nanoFramework's file system or loader underneath it.
/// </summary>
internal static class NanoAdaptersOnHost
{
    private static readonly Lazy<Assembly> Adapters = new(() => Load("EdgeNano.NanoAdaptersOnHost",
        File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "boards", "NanoFramework", "FlashSlotFiles.cs")),
        File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "boards", "NanoFramework", "SlotLoader.cs"))));

    public static Type FlashSlotFiles => Adapters.Value.GetType("EdgeNano.Boards.NanoFramework.FlashSlotFiles", throwOnError: true)!;
    public static Type SlotLoader => Adapters.Value.GetType("EdgeNano.Boards.NanoFramework.SlotLoader", throwOnError: true)!;
    public static Type ApplicationEntry => Adapters.Value.GetType("EdgeNano.Boards.NanoFramework.ApplicationEntry", throwOnError: true)!;

    /// <summary>Compiles sources for .NET against the running framework and the host builds of the device libraries the adapters use.</summary>
    public static byte[] Compile(string name, params string[] sources)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.") || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(BootControl).Assembly.Location)            // EdgeNano.Updates
            .Append(typeof(EdgeNano.Runtime.ILog).Assembly.Location)  // EdgeNano.Runtime
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(name,
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.CSharp9))),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return stream.ToArray();
    }

    private static Assembly Load(string name, params string[] sources) => Assembly.Load(Compile(name, sources));
}
