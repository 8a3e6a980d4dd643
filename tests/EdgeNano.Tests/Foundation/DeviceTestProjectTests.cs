using System.Reflection;
using System.Xml.Linq;

namespace EdgeNano.Tests.Foundation;

/// <summary>
/// The device tests (tests/EdgeNano.DeviceTests) are held to the device libraries' rules: the
/// nfproj a user runs with Visual Studio's nanoFramework test adapter and the Linux csproj CI runs
/// compile one list of sources with the same library references; the nfproj is a unit test
/// project as nanoFramework's template makes it; the tests are nanoFramework code. The stand-in
/// for nanoFramework.TestFramework that CI compiles them against matches the real package's API
/// and is never shipped.
/// </summary>
public class DeviceTestProjectTests
{
    private const string StandIn = "EdgeNano.TestFrameworkStandIn";
    private static readonly string Root = BuildPaths.RepoRoot;
    private static readonly DeviceLibrary Tests = new("EdgeNano.DeviceTests", Path.Combine(Root, "tests", "EdgeNano.DeviceTests"));
    private static readonly string StandInFolder = Path.Combine(Root, "tests", "TestFrameworkStandIn");

    [Fact]
    public void Every_source_file_in_the_device_tests_folder_is_in_its_projitems_and_every_listed_file_exists()
    {
        var listed = Tests.ListedSources.ToHashSet();
        var missing = Tests.SourceFilesOnDisk.Where(file => !listed.Contains(file)).Select(file => Path.GetRelativePath(Root, file)).ToList();
        Assert.True(missing.Count == 0, $"add to {Path.GetRelativePath(Root, Tests.Sources)}: {string.Join(", ", missing)}");
        var absent = listed.Where(file => !File.Exists(file)).Select(file => Path.GetRelativePath(Root, file)).ToList();
        Assert.True(absent.Count == 0, "listed but absent: " + string.Join(", ", absent));
    }

    [Fact]
    public void The_nfproj_and_the_Linux_csproj_compile_the_same_sources()
    {
        Assert.Contains("EdgeNano.DeviceTests.projitems", DeviceLibrary.Imports(Tests.NfProject));
        Assert.Contains("EdgeNano.DeviceTests.projitems", DeviceLibrary.Imports(Tests.CsProject));
        Assert.Empty(ProjectXml.Items(Tests.NfProject, "Compile"));
        Assert.Empty(ProjectXml.Items(Tests.CsProject, "Compile"));
    }

    [Fact]
    public void The_nfproj_and_the_Linux_csproj_reference_the_same_libraries_the_csproj_with_the_stand_in_for_the_test_framework()
    {
        var nfproj = DeviceLibrary.ReferencedLibraries(Tests.NfProject).ToList();
        var csproj = DeviceLibrary.ReferencedLibraries(Tests.CsProject).ToList();

        Assert.Equal(nfproj, csproj.Where(name => name != StandIn));
        Assert.Contains(StandIn, csproj);
        Assert.Contains("nanoFramework.TestFramework", ProjectXml.Items(Tests.NfProject, "Reference"));
        Assert.All(nfproj, name => Assert.Contains(name, DeviceLibrary.All.Select(library => library.Name)));
    }

    [Fact]
    public void The_nfproj_is_a_nanoFramework_unit_test_project_as_the_template_makes_it()
    {
        var project = XDocument.Load(Tests.NfProject);

        // nanoFramework's launcher loads the assembly named NFUnitTest; the Linux build has the same name.
        Assert.Equal("NFUnitTest", ProjectXml.Property(project, "AssemblyName"));
        Assert.Equal("NFUnitTest", ProjectXml.Property(XDocument.Load(Tests.CsProject), "AssemblyName"));
        Assert.Equal("Library", ProjectXml.Property(project, "OutputType"));
        Assert.Equal("true", ProjectXml.Property(project, "IsTestProject"));
        Assert.Equal("UnitTest", ProjectXml.Property(project, "TestProjectType"));
        Assert.Equal("9.0", ProjectXml.Property(project, "LangVersion"));
        Assert.Contains("TestContainer", ProjectXml.Items(Tests.NfProject, "ProjectCapability"));
        Assert.Equal(@"$(MSBuildProjectDirectory)\nano.runsettings", ProjectXml.Property(project, "RunSettingsFilePath"));
        Assert.True(File.Exists(Path.Combine(Tests.Folder, "nano.runsettings")));

        var hints = project.Descendants().Where(e => e.Name.LocalName == "HintPath").Select(e => e.Value).ToList();
        Assert.Contains(@"..\..\packages\nanoFramework.TestFramework.3.0.77\lib\nanoFramework.TestFramework.dll", hints);
        Assert.Contains(@"..\..\packages\nanoFramework.TestFramework.3.0.77\lib\nanoFramework.UnitTestLauncher.exe", hints);
    }

    [Fact]
    public void The_device_tests_built_for_nanoFramework_use_no_generics_and_only_their_libraries_and_the_test_framework()
    {
        string assembly = Path.Combine(Tests.Folder, "bin", BuildPaths.Configuration, "netstandard2.0", "NFUnitTest.dll");
        Assert.True(File.Exists(assembly), $"missing {assembly}: build EdgeNano.sln first");
        var allowed = DeviceLibrary.ReferencedLibraries(Tests.NfProject).Append(StandIn).ToList();

        Assert.Empty(DeviceAssemblyRules.Violations(File.ReadAllBytes(assembly), allowed));
    }

    [Fact]
    public void The_stand_in_built_for_nanoFramework_uses_only_mscorlib_and_no_generics()
    {
        string assembly = Path.Combine(StandInFolder, "bin", BuildPaths.Configuration, "netstandard2.0", StandIn + ".dll");
        Assert.True(File.Exists(assembly), $"missing {assembly}: build EdgeNano.sln first");

        Assert.Empty(DeviceAssemblyRules.Violations(File.ReadAllBytes(assembly)));
    }

    [Fact]
    public void Nothing_but_the_device_tests_and_their_runner_references_the_stand_in()
    {
        var referencing = Directory.EnumerateFiles(Root, "*.*proj", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(path => DeviceLibrary.ReferencedLibraries(path).Contains(StandIn))
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .OrderBy(path => path, StringComparer.Ordinal);

        Assert.Equal(["tests/EdgeNano.DeviceTests.Runner/EdgeNano.DeviceTests.Runner.csproj", "tests/EdgeNano.DeviceTests/EdgeNano.DeviceTests.csproj"], referencing);
        Assert.Empty(Directory.EnumerateFiles(StandInFolder, "*.nfproj"));
    }

    /// <summary>
    /// Public members of nanoFramework.TestFramework 3.0.77 (source/TestFramework and
    /// source/TestFrameworkShared at tag v3.0.77, obsolete members left out), written as
    /// "Type.Member(parameter types)".
    /// </summary>
    private static readonly HashSet<string> RealApi = BuildRealApi();

    private static HashSet<string> BuildRealApi()
    {
        var api = new HashSet<string>(StringComparer.Ordinal)
        {
            "nanoFramework.TestFramework.TestClassAttribute..ctor()",
            "nanoFramework.TestFramework.TestClassAttribute.GetTestMethodAttribute(TestMethodAttribute)",
            "nanoFramework.TestFramework.TestMethodAttribute..ctor()",
            "nanoFramework.TestFramework.SetupAttribute..ctor()",
            "nanoFramework.TestFramework.CleanupAttribute..ctor()",
            "nanoFramework.TestFramework.DataRowAttribute..ctor(Object[])",
            "nanoFramework.TestFramework.DataRowAttribute.get_MethodParameters()",
            "nanoFramework.TestFramework.SkipTestException..ctor(String, Exception)",
            "nanoFramework.TestFramework.Assert..ctor()",
            "TestFrameworkShared.AssertFailedException..ctor()",
            "TestFrameworkShared.AssertFailedException..ctor(String)",
            "TestFrameworkShared.AssertFailedException..ctor(String, Exception)",
            "nanoFramework.TestFramework.Assert.AreNotSame(Object, Object, String)",
            "nanoFramework.TestFramework.Assert.AreSame(Object, Object, String)",
            "nanoFramework.TestFramework.Assert.Contains(String, String, String)",
            "nanoFramework.TestFramework.Assert.DoesNotContains(String, String, String)",
            "nanoFramework.TestFramework.Assert.EndsWith(String, String, String)",
            "nanoFramework.TestFramework.Assert.StartsWith(String, String, String)",
            "nanoFramework.TestFramework.Assert.IsFalse(Boolean, String)",
            "nanoFramework.TestFramework.Assert.IsTrue(Boolean, String)",
            "nanoFramework.TestFramework.Assert.IsNull(Object, String)",
            "nanoFramework.TestFramework.Assert.IsNotNull(Object, String)",
            "nanoFramework.TestFramework.Assert.IsInstanceOfType(Object, Type, String)",
            "nanoFramework.TestFramework.Assert.IsNotInstanceOfType(Object, Type, String)",
            "nanoFramework.TestFramework.Assert.SkipTest(String)",
            "nanoFramework.TestFramework.Assert.ThrowsException(Type, Action, String)",
        };
        string[] equatable = ["Boolean", "Byte", "Char", "DateTime", "Double", "Single", "Int32", "Int64", "Object", "SByte", "Int16", "String", "UInt32", "UInt64", "UInt16"];
        foreach (string type in equatable)
        {
            api.Add($"nanoFramework.TestFramework.Assert.AreEqual({type}, {type}, String)");
            api.Add($"nanoFramework.TestFramework.Assert.AreNotEqual({type}, {type}, String)");
        }
        return api;
    }

    [Fact]
    public void Every_public_member_of_the_stand_in_exists_in_nanoFramework_TestFramework_3_0_77_with_the_same_signature()
    {
        string path = Path.Combine(StandInFolder, "bin", BuildPaths.Configuration, "net10.0", StandIn + ".dll");
        Assert.True(File.Exists(path), $"missing {path}: build EdgeNano.sln first");
        var standIn = Assembly.LoadFile(path);

        var members = standIn.GetExportedTypes().SelectMany(type =>
            type.GetConstructors().Cast<MethodBase>()
                .Concat(type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                .Select(member => $"{type.FullName}.{member.Name}({string.Join(", ", member.GetParameters().Select(p => p.ParameterType.Name))})"))
            .ToList();

        Assert.NotEmpty(members);
        var unknown = members.Where(member => !RealApi.Contains(member)).ToList();
        Assert.True(unknown.Count == 0, "not in nanoFramework.TestFramework 3.0.77: " + string.Join(", ", unknown));
        Assert.Contains("nanoFramework.TestFramework.Assert.AreEqual(Int64, Int64, String)", members);
    }
}
