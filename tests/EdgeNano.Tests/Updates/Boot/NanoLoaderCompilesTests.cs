using EdgeNano.Tests.Foundation;
using EdgeNano.Tests.Storage;

namespace EdgeNano.Tests.Updates.Boot;

/// <summary>
/// boards/NanoFramework/FlashSlotFiles.cs and SlotLoader.cs need nanoFramework.System.IO.FileSystem,
/// which does not restore here, so only the nfproj compiles them. These compile them against the
/// device libraries' nanoFramework builds and nanoFramework's mscorlib (which has Assembly.Load(byte[]),
/// Assembly.GetType(string), Type.GetMethod(string, BindingFlags) and MethodBase.Invoke) plus the
/// declaration-only outline of the file system API that FlashStoreCompilesTests keeps.
/// </summary>
public class NanoLoaderCompilesTests
{
    private static IReadOnlyList<string> Compile(params string[] sources) =>
        NanoCompiler.CheckWithDeviceLibraries("SlotLoaderCheck",
            ["EdgeNano.Runtime", "EdgeNano.Updates"],
            sources.Append(FlashStoreCompilesTests.NanoFileSystemOutline));

    private static string Adapter(string file) =>
        File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "boards", "NanoFramework", file));

    [Fact]
    public void The_slot_files_and_the_loader_compile_against_nanoFramework_mscorlib_and_file_system_API()
    {
        Assert.Empty(Compile(Adapter("FlashSlotFiles.cs"), Adapter("SlotLoader.cs")));
    }

    /// <summary>
    /// Declarations of nanoFramework.Runtime.Native 1.7.11 (the version pinned in packages.config,
    /// built against CoreLibrary 1.17.11) that the restart adapter uses.
    /// </summary>
    private const string RuntimeNativeOutline = """
        namespace nanoFramework.Runtime.Native
        {
            public enum RebootOption { NormalReboot = 0, EnterNanoBooter = 1, ClrOnly = 2, EnterProprietaryBooter = 8 }
            public class Power
            {
                public static void RebootDevice(RebootOption rebootOption = RebootOption.NormalReboot) { }
                public static void RebootDevice(int exeConstraintTimeout, RebootOption rebootOption = RebootOption.NormalReboot) { }
            }
        }
        """;

    [Fact]
    public void The_restart_adapter_compiles_against_nanoFramework_mscorlib_and_Runtime_Native()
    {
        Assert.Empty(Compile(Adapter("PowerRestart.cs"), RuntimeNativeOutline));
    }

    [Fact]
    public void A_restart_that_asked_for_a_CLR_only_reboot_by_a_made_up_name_would_not_compile()
    {
        // The outline is checked against, not decorative: an option nanoFramework lacks fails.
        string wrong = Adapter("PowerRestart.cs").Replace("RebootOption.NormalReboot", "RebootOption.SoftReboot");
        Assert.NotEmpty(Compile(wrong, RuntimeNativeOutline));
    }

    [Fact]
    public void A_loader_that_used_the_desktop_only_Assembly_LoadFrom_would_not_compile()
    {
        // The check is real: nanoFramework loads assemblies only from bytes (or by name).
        string desktop = "class L { object M() { return System.Reflection.Assembly.LoadFrom(\"I:\\\\slot0\\\\a.pe\"); } }";
        Assert.Contains(NanoCompiler.Compile(desktop).Errors, e => e.Contains("CS0117"));
    }
}
