using System.Xml.Linq;

namespace EdgeNano.Tests.Foundation;

/// <summary>The .nfproj a user deploys from must carry every device source (nfproj has no globs).</summary>
public class NanoProjectTests
{
    private static readonly string Firmware = Path.Combine(BuildPaths.RepoRoot, "firmware");
    private static readonly string NfProject = Path.Combine(Firmware, "App", "EdgeNano.Firmware.nfproj");

    [Fact]
    public void The_nfproj_lists_every_device_source_file()
    {
        var listed = ListedSources().ToHashSet();
        var missing = DeviceSources().Where(f => !listed.Contains(f)).ToList();
        Assert.True(missing.Count == 0, "add to firmware/App/EdgeNano.Firmware.nfproj: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_file_the_nfproj_lists_exists()
    {
        var absent = ListedSources().Where(f => !File.Exists(f)).ToList();
        Assert.True(absent.Count == 0, "listed but absent: " + string.Join(", ", absent));
    }

    [Fact]
    public void Every_package_the_nfproj_references_is_pinned_in_packages_config()
    {
        var config = XDocument.Load(Path.Combine(Firmware, "App", "packages.config"));
        var pinned = config.Root!.Elements("package").Select(p => $"{p.Attribute("id")!.Value}.{p.Attribute("version")!.Value}").ToHashSet();
        var hintFolders = XDocument.Load(NfProject).Descendants().Where(e => e.Name.LocalName == "HintPath")
            .Select(h => h.Value.Split('\\')[1]).ToList();
        Assert.NotEmpty(hintFolders);
        Assert.All(hintFolders, folder => Assert.Contains(folder, pinned));
    }

    private static IEnumerable<string> ListedSources()
    {
        string appDir = Path.Combine(Firmware, "App");
        return XDocument.Load(NfProject).Descendants()
            .Where(e => e.Name.LocalName == "Compile")
            .Select(e => Path.GetFullPath(Path.Combine(appDir, e.Attribute("Include")!.Value.Replace('\\', '/'))));
    }

    /// <summary>What firmware/DeviceSources.props compiles: each of its "folder/**/*.cs" globs, expanded.</summary>
    private static IEnumerable<string> DeviceSources() =>
        XDocument.Load(Path.Combine(Firmware, "DeviceSources.props")).Descendants()
            .Where(e => e.Name.LocalName == "Compile")
            .Select(e => e.Attribute("Include")!.Value.Replace("$(MSBuildThisFileDirectory)", Firmware + "/"))
            .Select(glob => Path.GetFullPath(glob[..glob.IndexOf("**", StringComparison.Ordinal)]))
            .SelectMany(SourcesUnder)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(Path.GetFullPath);

    // git keeps no empty folders: a checkout without modules yet has no modules/ at all.
    private static IEnumerable<string> SourcesUnder(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories) : [];
}
