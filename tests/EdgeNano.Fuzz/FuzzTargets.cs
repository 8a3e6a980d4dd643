using System.Reflection;

namespace EdgeNano.Fuzz;

/// <summary>Every <see cref="FuzzTarget"/> in this assembly, found by reflection so a new target needs no registration.</summary>
public static class FuzzTargets
{
    /// <summary>All targets, ordered by name.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } = typeof(FuzzTarget).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(FuzzTarget)) && !t.IsAbstract)
        .Select(t => (FuzzTarget)Activator.CreateInstance(t)!)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>The target called name, or null.</summary>
    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    /// <summary>Where the seed corpora live in the source tree: the folder holding corpus/, found from this assembly's location upwards.</summary>
    public static string? CorpusRoot(string? start = null)
    {
        var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory);
        for (; dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "EdgeNano.Fuzz", "corpus");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
