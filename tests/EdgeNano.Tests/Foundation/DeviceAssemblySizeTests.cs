using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using Xunit.Abstractions;

namespace EdgeNano.Tests.Foundation;

/// <summary>
/// A nanoFramework .pe holds at most 64 KB of byte code (method bodies are addressed with 16-bit
/// offsets; the metadata processor refuses more with "Byte code table overflow"). nanoFramework
/// byte code measured about 0.77 x the IL size, so each device library's IL stays within 48 KB:
/// well under the cap, with room to grow. A library that outgrows it is split, as
/// nanoFramework's own libraries are.
/// </summary>
public class DeviceAssemblySizeTests(ITestOutputHelper output)
{
    public const int IlBudgetBytes = 48 * 1024;

    [Theory]
    [MemberData(nameof(DeviceLibrary.Names), MemberType = typeof(DeviceLibrary))]
    public void A_device_library_stays_within_its_IL_budget(string name)
    {
        var library = DeviceLibrary.Named(name);
        Assert.True(File.Exists(library.NanoAssembly), $"missing {library.NanoAssembly}: build EdgeNano.sln first");
        var size = IlSize(File.ReadAllBytes(library.NanoAssembly));
        output.WriteLine($"{name}: {size.IlBytes:N0} bytes of IL in {size.Methods:N0} methods ({100.0 * size.IlBytes / IlBudgetBytes:F0}% of {IlBudgetBytes:N0})");
        Assert.True(size.IlBytes <= IlBudgetBytes,
            $"{name} has {size.IlBytes:N0} bytes of IL, over its {IlBudgetBytes:N0}-byte budget: split it into two libraries");
    }

    [Fact]
    public void An_assembly_over_the_budget_is_measured_as_over_it()
    {
        var body = new StringBuilder("class Big { static int Sum(int a) {");
        for (int i = 0; i < 9000; i++) body.Append($" a = a * 3 + {i};");
        body.Append(" return a; } }");
        var (assembly, errors) = NanoCompiler.Compile(body.ToString());
        Assert.Empty(errors);
        Assert.True(IlSize(assembly!).IlBytes > IlBudgetBytes);
    }

    [Fact]
    public void Every_method_body_counts_towards_the_size()
    {
        var (one, _) = NanoCompiler.Compile("class C { int A(int x) { return x + 1; } }");
        var (two, _) = NanoCompiler.Compile("class C { int A(int x) { return x + 1; } int B(int x) { return x * 7 - 3; } }");
        Assert.True(IlSize(two!).IlBytes > IlSize(one!).IlBytes);
        Assert.Equal(IlSize(one!).Methods + 1, IlSize(two!).Methods);
    }

    /// <summary>The IL of every method body (headers and exception clauses included), and how many bodies.</summary>
    public static (int IlBytes, int Methods) IlSize(byte[] assembly)
    {
        using var pe = new PEReader(ImmutableArray.Create(assembly));
        var md = pe.GetMetadataReader();
        int bytes = 0, methods = 0;
        foreach (var handle in md.MethodDefinitions)
        {
            int rva = md.GetMethodDefinition(handle).RelativeVirtualAddress;
            if (rva == 0) continue; // abstract, extern or interface: no body
            bytes += pe.GetMethodBody(rva).Size;
            methods++;
        }
        return (bytes, methods);
    }
}
