using EdgeNano.Fuzz;

namespace EdgeNano.Tests.Fuzz;

/// <summary>
/// The fuzz targets' seed corpora (tests/EdgeNano.Fuzz/corpus) run through their targets as
/// ordinary tests, so a change that breaks a parser on a known input fails here, without AFL.
/// </summary>
public class SeedCorpusTests
{
    private static string CorpusRoot => Path.Combine(BuildPaths.RepoRoot, "tests", "EdgeNano.Fuzz", "corpus");

    public static TheoryData<string, string> Seeds()
    {
        var data = new TheoryData<string, string>();
        foreach (string folder in Directory.GetDirectories(CorpusRoot).Order(StringComparer.Ordinal))
        {
            foreach (string file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(folder), Path.GetFileName(file));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_seed_runs_through_its_fuzz_target_without_a_finding(string target, string file)
    {
        FuzzTarget fuzzTarget = FuzzTargets.Find(target) ?? throw new Xunit.Sdk.XunitException($"corpus folder '{target}' names no fuzz target");
        string? problem = InputReplay.Run(fuzzTarget, File.ReadAllBytes(Path.Combine(CorpusRoot, target, file)), TimeSpan.FromSeconds(10));
        Assert.Null(problem);
    }

    [Fact]
    public void Every_fuzz_target_has_seeds_and_every_seed_folder_is_a_target()
    {
        var folders = Directory.GetDirectories(CorpusRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var targets = FuzzTargets.All.Select(t => t.Name).ToArray();
        Assert.Equal(targets, folders);
        foreach (string target in targets) Assert.NotEmpty(Directory.GetFiles(Path.Combine(CorpusRoot, target)));
        Assert.Equal(targets.Length, targets.Distinct().Count());
    }
}
