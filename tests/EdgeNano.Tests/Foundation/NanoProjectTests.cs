using System.Xml.Linq;

namespace EdgeNano.Tests.Foundation;

/// <summary>
/// What a user opens with the nanoFramework extension must build there, and the Linux builds must
/// build exactly the same thing: each device library's .nfproj and .csproj compile one list of
/// sources (its .projitems) with the same references; every package an .nfproj uses is pinned, in
/// one consistent set of versions across the firmware.
/// </summary>
public class NanoProjectTests
{
    private static readonly string Root = BuildPaths.RepoRoot;
    private static readonly string NanoSolution = Path.Combine(Root, "EdgeNano.nanoFramework.sln");

    /// <summary>Every .nfproj in the repository: the device libraries, board adapters, app and device tests.</summary>
    private static readonly IReadOnlyList<string> NfProjects = Directory
        .EnumerateFiles(Root, "*.nfproj", SearchOption.AllDirectories)
        .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
        .OrderBy(path => path, StringComparer.Ordinal)
        .ToList();

    public static IEnumerable<object[]> NfProjectNames => NfProjects.Select(p => new object[] { Path.GetRelativePath(Root, p) });

    [Fact]
    public void Every_runtime_and_module_folder_is_a_device_library()
    {
        string[] expected = ["EdgeNano.Board", "EdgeNano.Composition", "EdgeNano.DeviceTwin", "EdgeNano.EdgeHub",
            "EdgeNano.EventBus", "EdgeNano.Gpio", "EdgeNano.Runtime", "EdgeNano.Updates"];
        Assert.Equal(expected, DeviceLibrary.All.Select(library => library.Name));
    }

    [Theory]
    [MemberData(nameof(DeviceLibrary.Names), MemberType = typeof(DeviceLibrary))]
    public void Every_source_file_in_a_library_folder_is_in_its_projitems(string name)
    {
        var library = DeviceLibrary.Named(name);
        var listed = library.ListedSources.ToHashSet();
        var missing = library.SourceFilesOnDisk.Where(file => !listed.Contains(file))
            .Select(file => Path.GetRelativePath(Root, file)).ToList();
        Assert.True(missing.Count == 0, $"add to {Path.GetRelativePath(Root, library.Sources)}: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(DeviceLibrary.Names), MemberType = typeof(DeviceLibrary))]
    public void Every_file_a_projitems_lists_exists(string name)
    {
        var library = DeviceLibrary.Named(name);
        var absent = library.ListedSources.Where(file => !File.Exists(file)).Select(file => Path.GetRelativePath(Root, file)).ToList();
        Assert.True(absent.Count == 0, $"{Path.GetRelativePath(Root, library.Sources)} lists absent files: {string.Join(", ", absent)}");
    }

    [Theory]
    [MemberData(nameof(DeviceLibrary.Names), MemberType = typeof(DeviceLibrary))]
    public void The_nfproj_and_the_Linux_csproj_compile_the_same_sources(string name)
    {
        var library = DeviceLibrary.Named(name);
        string sources = name + ".projitems";
        Assert.Contains(sources, DeviceLibrary.Imports(library.NfProject));
        Assert.Contains(sources, DeviceLibrary.Imports(library.CsProject));
        Assert.Empty(ProjectXml.Items(library.NfProject, "Compile"));
        Assert.Empty(ProjectXml.Items(library.CsProject, "Compile"));
    }

    [Theory]
    [MemberData(nameof(DeviceLibrary.Names), MemberType = typeof(DeviceLibrary))]
    public void The_nfproj_and_the_Linux_csproj_reference_the_same_libraries(string name)
    {
        var library = DeviceLibrary.Named(name);
        Assert.Equal(DeviceLibrary.ReferencedLibraries(library.NfProject), DeviceLibrary.ReferencedLibraries(library.CsProject));
    }

    [Theory]
    [MemberData(nameof(DeviceLibrary.Names), MemberType = typeof(DeviceLibrary))]
    public void A_library_nfproj_is_a_class_library_named_after_its_file(string name)
    {
        var project = XDocument.Load(DeviceLibrary.Named(name).NfProject);
        Assert.Equal("Library", ProjectXml.Property(project, "OutputType"));
        Assert.Equal(name, ProjectXml.Property(project, "AssemblyName"));
        Assert.Equal("9.0", ProjectXml.Property(project, "LangVersion"));
    }

    [Theory]
    [MemberData(nameof(NfProjectNames))]
    public void Every_package_an_nfproj_references_is_pinned_in_its_packages_config_and_nothing_else(string nfproj)
    {
        string path = Path.Combine(Root, nfproj);
        var pinned = Pinned(Path.Combine(Path.GetDirectoryName(path)!, "packages.config"))
            .Select(p => $"{p.Id}.{p.Version}").OrderBy(p => p, StringComparer.Ordinal).ToList();
        var used = HintPackageFolders(path).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(used);
        Assert.Equal(pinned, used);
    }

    [Fact]
    public void All_packages_configs_pin_one_version_of_each_package()
    {
        var versions = NfProjects
            .SelectMany(p => Pinned(Path.Combine(Path.GetDirectoryName(p)!, "packages.config")))
            .GroupBy(p => p.Id)
            .Where(g => g.Select(p => p.Version).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(p => p.Version).Distinct())}")
            .ToList();
        Assert.True(versions.Count == 0, "packages pinned at more than one version: " + string.Join("; ", versions));
    }

    /// <summary>
    /// One application per nanoFramework target family, sharing firmware/App/Program.cs: the ESP32
    /// one adds its Wi-Fi part, the STM32F769I-DISCOVERY one its Ethernet part, and only the ESP32
    /// one references nanoFramework.System.Device.Wifi (an ESP32-only package).
    /// </summary>
    [Theory]
    [InlineData("firmware/App/EdgeNano.Firmware.nfproj", "EdgeNano.Firmware", "Program.cs", "Program.Wifi.cs")]
    [InlineData("firmware/App.Stm32/EdgeNano.Firmware.Stm32.nfproj", "EdgeNano.Firmware.Stm32", "..\\App\\Program.cs", "Program.Ethernet.cs")]
    public void Each_application_nfproj_compiles_the_shared_Program_and_its_target_part_and_references_the_libraries(
        string nfproj, string assembly, string program, string targetPart)
    {
        string app = Path.Combine(Root, nfproj);
        var project = XDocument.Load(app);
        Assert.Equal([program, targetPart], ProjectXml.Items(app, "Compile"));
        Assert.Equal("Exe", ProjectXml.Property(project, "OutputType"));
        Assert.Equal(assembly, ProjectXml.Property(project, "AssemblyName"));
        Assert.Equal("9.0", ProjectXml.Property(project, "LangVersion"));
        var references = DeviceLibrary.ReferencedLibraries(app).ToList();
        Assert.Contains("EdgeNano.Composition", references);
        Assert.Contains("EdgeNano.Boards.NanoFramework", references);
        var listedCs = Directory.EnumerateFiles(Path.GetDirectoryName(app)!, "*.cs").Select(Path.GetFileName).ToList();
        Assert.Contains(targetPart, listedCs);
        Assert.All(listedCs, file => Assert.Contains(ProjectXml.Items(app, "Compile"), item => item.EndsWith(file!, StringComparison.Ordinal)));
    }

    [Fact]
    public void Only_the_ESP32_application_uses_Wi_Fi()
    {
        string esp32 = Path.Combine(Root, "firmware", "App", "EdgeNano.Firmware.nfproj");
        string stm32 = Path.Combine(Root, "firmware", "App.Stm32", "EdgeNano.Firmware.Stm32.nfproj");
        Assert.Contains(HintPackageFolders(esp32), p => p.StartsWith("nanoFramework.System.Device.Wifi.", StringComparison.Ordinal));
        Assert.DoesNotContain(HintPackageFolders(stm32), p => p.Contains("Wifi", StringComparison.Ordinal));
        Assert.DoesNotContain("Wifi", File.ReadAllText(Path.Combine(Root, "firmware", "App.Stm32", "packages.config")));
        Assert.DoesNotContain("Wifi", File.ReadAllText(Path.Combine(Root, "firmware", "App.Stm32", "Program.Ethernet.cs")));
        Assert.DoesNotContain("WifiNetworkHelper", File.ReadAllText(Path.Combine(Root, "firmware", "App", "Program.cs")));
    }

    /// <summary>
    /// The memory probe is a program like the app, but with in-memory board parts, so it runs on
    /// nanoCLR's Linux build: it must not reference the board adapters (M2Mqtt, sockets, flash
    /// and GPIO natives), and an nfproj has no globs, so every source in its folder is listed.
    /// Like the app it has no Linux csproj (it needs nanoFramework.Runtime.Native).
    /// </summary>
    [Fact]
    public void The_memory_probe_nfproj_is_a_program_that_compiles_every_probe_source_and_no_board_adapter()
    {
        string folder = Path.Combine(Root, "tests", "EdgeNano.MemoryProbe");
        string nfproj = Path.Combine(folder, "EdgeNano.MemoryProbe.nfproj");
        var project = XDocument.Load(nfproj);
        Assert.Equal("Exe", ProjectXml.Property(project, "OutputType"));
        Assert.Equal("EdgeNano.MemoryProbe", ProjectXml.Property(project, "AssemblyName"));
        Assert.Equal("9.0", ProjectXml.Property(project, "LangVersion"));

        var listed = ProjectXml.Items(nfproj, "Compile").Order(StringComparer.Ordinal);
        var onDisk = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(folder, file))
            .Where(file => !file.StartsWith("bin" + Path.DirectorySeparatorChar) && !file.StartsWith("obj" + Path.DirectorySeparatorChar))
            .Select(file => file.Replace('/', '\\')).Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, listed);

        var references = DeviceLibrary.ReferencedLibraries(nfproj).ToList();
        Assert.Contains("EdgeNano.Composition", references);
        Assert.DoesNotContain("EdgeNano.Boards.NanoFramework", references);
        Assert.All(references, name => Assert.Contains(name, DeviceLibrary.All.Select(library => library.Name)));
    }

    [Fact]
    public void The_board_adapter_nfproj_compiles_every_adapter_and_the_shared_pin_bank()
    {
        string adapters = Path.Combine(Root, "boards", "NanoFramework");
        string nfproj = Path.Combine(adapters, "EdgeNano.Boards.NanoFramework.nfproj");
        var listed = ProjectXml.Items(nfproj, "Compile")
            .Select(include => Path.GetFullPath(Path.Combine(adapters, include.Replace('\\', '/')))).ToHashSet();
        var expected = Directory.EnumerateFiles(adapters, "*.cs")
            .Append(Path.Combine(Root, "boards", "Host", "Gpio", "GpioControllerPinBank.cs"))
            .Select(Path.GetFullPath);
        var missing = expected.Where(file => !listed.Contains(file)).Select(file => Path.GetRelativePath(Root, file)).ToList();
        Assert.True(missing.Count == 0, "add to boards/NanoFramework/EdgeNano.Boards.NanoFramework.nfproj: " + string.Join(", ", missing));
        Assert.All(listed, file => Assert.True(File.Exists(file), $"listed but absent: {file}"));
    }

    [Fact]
    public void The_nanoFramework_solution_holds_every_nfproj()
    {
        string solution = File.ReadAllText(NanoSolution);
        var missing = NfProjects.Select(p => Path.GetRelativePath(Root, p).Replace('/', '\\'))
            .Where(p => !solution.Contains($"\"{p}\"", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "add to EdgeNano.nanoFramework.sln: " + string.Join(", ", missing));
    }


    private static IEnumerable<(string Id, string Version)> Pinned(string packagesConfig) =>
        XDocument.Load(packagesConfig).Root!.Elements("package")
            .Select(p => (p.Attribute("id")!.Value, p.Attribute("version")!.Value));

    /// <summary>"..\..\packages\nanoFramework.M2Mqtt.5.1.220\lib\x.dll" names the package folder nanoFramework.M2Mqtt.5.1.220.</summary>
    private static IEnumerable<string> HintPackageFolders(string nfproj) =>
        XDocument.Load(nfproj).Descendants().Where(e => e.Name.LocalName == "HintPath")
            .Select(h => h.Value.Split('\\'))
            .Select(parts => parts[Array.IndexOf(parts, "packages") + 1]);
}
