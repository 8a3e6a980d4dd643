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
}
