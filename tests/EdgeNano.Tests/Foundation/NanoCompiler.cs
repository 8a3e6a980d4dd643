using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeNano.Tests.Foundation;

/// <summary>Compiles C# the way a device library's nanoFramework build does: C# 9, nanoFramework's mscorlib and the device libraries named.</summary>
internal static class NanoCompiler
{
    /// <param name="references">Device libraries (nanoFramework builds) the snippet may use.</param>
    public static (byte[]? Assembly, IReadOnlyList<string> Errors) Compile(string source, params string[] references)
    {
        var options = new CSharpParseOptions(LanguageVersion.CSharp9, preprocessorSymbols: ["NANOFRAMEWORK_1_0"]);
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(source, options)],
            References(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        return (result.Success ? stream.ToArray() : null, errors);
    }

    /// <summary>
    /// Compiles board-adapter sources (with a declaration-only outline of the nanoFramework API
    /// they need) against the nanoFramework builds of the named device libraries, as
    /// boards/NanoFramework's nfproj does: the compile errors and, when it compiles, the
    /// device-rule violations. Only the libraries' public API is visible, as on the device.
    /// </summary>
    public static List<string> CheckWithDeviceLibraries(string name, IReadOnlyCollection<string> libraries, IEnumerable<string> sources)
    {
        var options = new CSharpParseOptions(LanguageVersion.CSharp9, preprocessorSymbols: ["NANOFRAMEWORK_1_0"]);
        var trees = sources.Select(source => CSharpSyntaxTree.ParseText(source, options));
        var compilation = CSharpCompilation.Create(name, trees,
            References(libraries.Select(library => DeviceLibrary.Named(library).NanoAssembly).ToArray()),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        if (result.Success) errors.AddRange(DeviceAssemblyRules.Violations(stream.ToArray(), libraries));
        return errors;
    }

    private static IEnumerable<MetadataReference> References(string[] deviceLibraries) =>
        deviceLibraries.Prepend(BuildPaths.NanoMscorlib).Select(path => MetadataReference.CreateFromFile(path));
}
