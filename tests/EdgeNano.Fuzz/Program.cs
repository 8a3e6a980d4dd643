using EdgeNano.Fuzz;
using SharpFuzz;

// The fuzz driver. tools/fuzz.sh runs it; see docs/reliability.md.
//   list                     the targets
//   afl TARGET               serve AFL++ (run under afl-fuzz, with the device libraries instrumented)
//   replay TARGET PATH...    run files (or every file in folders) through TARGET; exit 1 on a crash or hang
//   dict TARGET              print TARGET's AFL dictionary
return args switch
{
    ["list"] => List(),
    ["afl", var name] => Afl(name),
    ["replay", var name, .. var paths] => Replay(Target(name), paths),
    ["dict", var name] => Dictionary(Target(name)),
    _ => Usage(),
};

static FuzzTarget Target(string name) =>
    FuzzTargets.Find(name) ?? throw new ArgumentException($"no target '{name}'; targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");

static int List()
{
    foreach (var target in FuzzTargets.All) Console.WriteLine($"{target.Name,-16} {target.Description}");
    return 0;
}

static int Afl(string name)
{
    // The instrumented device code writes to AFL's coverage map, which exists only once
    // Fuzzer.Run has attached it: the targets (whose fields are device objects) are made
    // inside the first run, never before.
    FuzzTarget? target = null;
    var buffer = new MemoryStream();
    Fuzzer.Run(stream =>
    {
        target ??= Target(name);
        buffer.SetLength(0);
        stream.CopyTo(buffer);
        target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    });
    return 0;
}

static int Replay(FuzzTarget target, string[] paths)
{
    var files = paths.SelectMany(p => Directory.Exists(p)
        ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.'))
        : [p]).Order(StringComparer.Ordinal).ToList();
    int failed = 0;
    foreach (string file in files)
    {
        string? problem = InputReplay.Run(target, File.ReadAllBytes(file), TimeSpan.FromSeconds(10));
        if (problem == null) continue;
        failed++;
        Console.WriteLine($"CRASH {target.Name} {file}");
        Console.WriteLine($"  hex: {Convert.ToHexString(File.ReadAllBytes(file).AsSpan(0, Math.Min(512, (int)new FileInfo(file).Length)))}");
        Console.WriteLine("  " + problem.Replace("\n", "\n  "));
    }
    Console.WriteLine($"replayed {files.Count} inputs through {target.Name}: {failed} crashed");
    return failed == 0 ? 0 : 1;
}

static int Dictionary(FuzzTarget target)
{
    Console.Write(AflDictionary.Format(target.Tokens));
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: EdgeNano.Fuzz list | afl TARGET | replay TARGET PATH... | dict TARGET");
    return 2;
}
