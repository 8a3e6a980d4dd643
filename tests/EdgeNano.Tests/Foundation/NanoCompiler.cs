using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeNano.Tests.Foundation;

/// <summary>Compiles a C# snippet the way firmware/Device.Nano does: C# 9, nanoFramework's mscorlib only.</summary>
internal static class NanoCompiler
{
    public static (byte[]? Assembly, IReadOnlyList<string> Errors) Compile(string source)
    {
        var options = new CSharpParseOptions(LanguageVersion.CSharp9, preprocessorSymbols: ["NANOFRAMEWORK_1_0"]);
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(source, options)],
            [MetadataReference.CreateFromFile(BuildPaths.NanoMscorlib)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        return (result.Success ? stream.ToArray() : null, errors);
    }

    /// <summary>
    /// Compiles the device sources under the given repository folders together with extra
    /// sources (a board adapter and a declaration-only outline of the nanoFramework API it
    /// needs): the compile errors and, when it compiles, the device-rule violations.
    /// </summary>
    public static List<string> CheckWithDeviceSources(string name, IEnumerable<string> deviceFolders, IEnumerable<string> extraSources)
    {
        var options = new CSharpParseOptions(LanguageVersion.CSharp9, preprocessorSymbols: ["NANOFRAMEWORK_1_0"]);
        string obj = $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}";
        var trees = deviceFolders
            .SelectMany(dir => Directory.EnumerateFiles(Path.Combine(BuildPaths.RepoRoot, dir), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains(obj))
            .Select(File.ReadAllText)
            .Concat(extraSources)
            .Select(source => CSharpSyntaxTree.ParseText(source, options));
        var compilation = CSharpCompilation.Create(name, trees,
            [MetadataReference.CreateFromFile(BuildPaths.NanoMscorlib)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        if (result.Success) errors.AddRange(DeviceAssemblyRules.Violations(stream.ToArray()));
        return errors;
    }
}
