using EdgeNano.Tests.Foundation;
using EdgeNano.Tests.Storage;

namespace EdgeNano.Tests.Updates.Boot;

/// <summary>
/// boards/NanoFramework/FlashSlotFiles.cs and SlotLoader.cs need nanoFramework.System.IO.FileSystem,
/// which does not restore here, so only the nfproj compiles them. These compile them with all
/// device code against nanoFramework's mscorlib (which has Assembly.Load(byte[]),
/// Assembly.GetType(string), Type.GetMethod(string, BindingFlags) and MethodBase.Invoke) plus the
/// declaration-only outline of the file system API that FlashStoreCompilesTests keeps.
/// </summary>
public class NanoLoaderCompilesTests
{
    private static IReadOnlyList<string> Compile(params string[] sources) =>
        NanoCompiler.CheckWithDeviceSources("SlotLoaderCheck",
            [Path.Combine("firmware", "Runtime"), "modules"],
            sources.Append(FlashStoreCompilesTests.NanoFileSystemOutline));

    private static string Adapter(string file) =>
        File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "boards", "NanoFramework", file));

    [Fact]
    public void The_slot_files_and_the_loader_compile_against_nanoFramework_mscorlib_and_file_system_API()
    {
        Assert.Empty(Compile(Adapter("FlashSlotFiles.cs"), Adapter("SlotLoader.cs")));
    }

    [Fact]
    public void A_loader_that_used_the_desktop_only_Assembly_LoadFrom_would_not_compile()
    {
        // The check is real: nanoFramework loads assemblies only from bytes (or by name).
        string desktop = "class L { object M() { return System.Reflection.Assembly.LoadFrom(\"I:\\\\slot0\\\\a.pe\"); } }";
        Assert.Contains(NanoCompiler.Compile(desktop).Errors, e => e.Contains("CS0117"));
    }
}
