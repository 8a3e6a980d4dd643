using System.Xml.Linq;

namespace EdgeNano.Tests.Foundation;

/// <summary>
/// One device library as the repository declares it: a folder holding X.nfproj (what
/// nanoFramework's project system builds), X.csproj (the Linux builds) and X.projitems (the
/// sources both compile). Found by looking, so a new library is checked without being listed here.
/// </summary>
public sealed record DeviceLibrary(string Name, string Folder)
{
    /// <summary>Where device libraries live: the runtime and composition, and every module.</summary>
    private static readonly string[] Parents = ["firmware", "modules"];

    public static IReadOnlyList<DeviceLibrary> All { get; } = Parents
        .Select(parent => Path.Combine(BuildPaths.RepoRoot, parent))
        .Where(Directory.Exists)
        .SelectMany(Directory.EnumerateDirectories)
        .SelectMany(folder => Directory.EnumerateFiles(folder, "*.nfproj")
            .Select(nfproj => Path.GetFileNameWithoutExtension(nfproj))
            .Where(name => File.Exists(Path.Combine(folder, name + ".csproj")))
            .Select(name => new DeviceLibrary(name, folder)))
        .OrderBy(library => library.Name, StringComparer.Ordinal)
        .ToList();

    public static IEnumerable<object[]> Names => All.Select(library => new object[] { library.Name });

    public static DeviceLibrary Named(string name) => All.Single(library => library.Name == name);

    public string NfProject => Path.Combine(Folder, Name + ".nfproj");
    public string CsProject => Path.Combine(Folder, Name + ".csproj");
    public string Sources => Path.Combine(Folder, Name + ".projitems");
    public string PackagesConfig => Path.Combine(Folder, "packages.config");
    public string RelativeFolder => Path.GetRelativePath(BuildPaths.RepoRoot, Folder);

    /// <summary>The assembly compiled against nanoFramework's mscorlib (DeviceLibrary.props' netstandard2.0 slot).</summary>
    public string NanoAssembly => Path.Combine(Folder, "bin", BuildPaths.Configuration, "netstandard2.0", Name + ".dll");

    /// <summary>Every .cs file under the library's folder, build output aside.</summary>
    public IEnumerable<string> SourceFilesOnDisk => Directory.EnumerateFiles(Folder, "*.cs", SearchOption.AllDirectories)
        .Where(file => !IsUnder(file, "obj") && !IsUnder(file, "bin"))
        .Select(Path.GetFullPath);

    /// <summary>The files the .projitems lists, as full paths.</summary>
    public IEnumerable<string> ListedSources => ProjectXml.Items(Sources, "Compile")
        .Select(include => Path.GetFullPath(Path.Combine(Folder, include.Replace("$(MSBuildThisFileDirectory)", "").Replace('\\', '/'))));

    /// <summary>Assembly names of the libraries a project file references (ProjectReference items).</summary>
    public static IEnumerable<string> ReferencedLibraries(string projectFile) =>
        ProjectXml.Items(projectFile, "ProjectReference")
            .Select(include => Path.GetFileNameWithoutExtension(include.Replace('\\', '/')))
            .OrderBy(name => name, StringComparer.Ordinal);

    public static IEnumerable<string> Imports(string projectFile) =>
        XDocument.Load(projectFile).Descendants().Where(e => e.Name.LocalName == "Import")
            .Select(e => e.Attribute("Project")!.Value);

    private bool IsUnder(string file, string child) =>
        Path.GetRelativePath(Folder, file).Split(Path.DirectorySeparatorChar)[0] == child;

    public override string ToString() => Name;
}

/// <summary>Reads MSBuild project files the way the tests need them: item includes, verbatim.</summary>
public static class ProjectXml
{
    public static IEnumerable<string> Items(string projectFile, string itemType) =>
        XDocument.Load(projectFile).Descendants()
            .Where(e => e.Name.LocalName == itemType && e.Attribute("Include") != null)
            .Select(e => e.Attribute("Include")!.Value);

    /// <summary>The first value of a property (e.g. AssemblyName), null when the project sets none.</summary>
    public static string? Property(XDocument project, string name) =>
        project.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
