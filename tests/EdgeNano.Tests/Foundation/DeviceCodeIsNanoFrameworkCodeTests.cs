namespace EdgeNano.Tests.Foundation;

/// <summary>
/// The device build compiles every device source against nanoFramework's mscorlib; these tests
/// read what it produced and prove the checks would catch code the device cannot run.
/// </summary>
public class DeviceCodeIsNanoFrameworkCodeTests
{
    [Theory]
    [MemberData(nameof(DeviceLibrary.Names), MemberType = typeof(DeviceLibrary))]
    public void A_library_built_for_nanoFramework_uses_no_generics_no_multidimensional_arrays_and_only_the_libraries_its_nfproj_names(string name)
    {
        var library = DeviceLibrary.Named(name);
        Assert.True(File.Exists(library.NanoAssembly), $"missing {library.NanoAssembly}: build EdgeNano.sln first");
        var allowed = DeviceLibrary.ReferencedLibraries(library.NfProject).ToList();
        var violations = DeviceAssemblyRules.Violations(File.ReadAllBytes(library.NanoAssembly), allowed);
        Assert.Empty(violations);
    }

    [Fact]
    public void A_reference_to_a_library_the_nfproj_does_not_name_is_caught()
    {
        var runtime = DeviceLibrary.Named("EdgeNano.Runtime").NanoAssembly;
        var (assembly, errors) = NanoCompiler.Compile("class C { EdgeNano.Runtime.SendResult result; }", runtime);
        Assert.Empty(errors);
        Assert.Contains("references assembly EdgeNano.Runtime", DeviceAssemblyRules.Violations(assembly!));
        Assert.Empty(DeviceAssemblyRules.Violations(assembly!, ["EdgeNano.Runtime"]));
    }

    [Fact]
    public void The_runtime_library_built_for_nanoFramework_holds_the_runtime_types()
    {
        var bytes = File.ReadAllBytes(DeviceLibrary.Named("EdgeNano.Runtime").NanoAssembly);
        using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(bytes));
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var names = md.TypeDefinitions.Select(h => md.GetString(md.GetTypeDefinition(h).Name)).ToHashSet();
        Assert.Contains("ModuleHost", names);
        Assert.Contains("Bus", names);
        Assert.Contains("MessagePool", names);
    }

    [Fact]
    public void A_generic_delegate_that_nanoFramework_mscorlib_declares_is_still_caught()
    {
        // mscorlib declares Action<T>, so this compiles; the stable nanoCLR cannot run it.
        var (assembly, errors) = NanoCompiler.Compile("class C { System.Action<int> handler; void M() { handler = null; } }");
        Assert.Empty(errors);
        Assert.Contains(DeviceAssemblyRules.Violations(assembly!), v => v.Contains("generic type"));
    }

    [Fact]
    public void A_generic_method_declared_in_device_code_is_caught()
    {
        var (assembly, errors) = NanoCompiler.Compile("class C { static T Same<T>(T x) { return x; } int M() { return Same(1); } }");
        Assert.Empty(errors);
        var violations = DeviceAssemblyRules.Violations(assembly!);
        Assert.Contains(violations, v => v.StartsWith("declares generic method"));
        Assert.Contains(violations, v => v.StartsWith("instantiates generic method"));
    }

    [Fact]
    public void A_multidimensional_array_is_caught()
    {
        var (assembly, errors) = NanoCompiler.Compile("class C { int[,] grid = new int[2, 2]; }");
        Assert.Empty(errors);
        Assert.Contains(DeviceAssemblyRules.Violations(assembly!), v => v.Contains("multi-dimensional array"));
    }

    [Fact]
    public void List_of_int_does_not_compile_against_nanoFramework_mscorlib()
    {
        var (_, errors) = NanoCompiler.Compile("class C { System.Collections.Generic.List<int> items; }");
        Assert.Contains(errors, e => e.Contains("CS0234") || e.Contains("CS0246"));
    }

    [Fact]
    public void Monitor_Pulse_does_not_compile_against_nanoFramework_mscorlib()
    {
        var (_, errors) = NanoCompiler.Compile("class C { void M(object o) { System.Threading.Monitor.Pulse(o); } }");
        Assert.Contains(errors, e => e.Contains("CS0117"));
    }

    [Fact]
    public void CSharp_10_syntax_does_not_compile_in_device_code()
    {
        var (_, errors) = NanoCompiler.Compile("namespace N; class C { }");
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Plain_device_code_passes_the_rules()
    {
        var (assembly, errors) = NanoCompiler.Compile(
            "class C { int[] counts = new int[4]; int[][] jagged; System.Collections.ArrayList list = new System.Collections.ArrayList(); void M() { lock (list) { counts[0]++; } } }");
        Assert.Empty(errors);
        Assert.Empty(DeviceAssemblyRules.Violations(assembly!));
    }
}
