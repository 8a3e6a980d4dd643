using EdgeNano.Board;
using EdgeNano.Boards.Host.Gpio;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Composition;
using EdgeNano.Runtime;
using EdgeNano.Tests.Runtime;
using EdgeNano.Tests.Updates.Transfer;
using Xunit.Abstractions;

namespace EdgeNano.Tests.Memory;

public class MemoryBreakdownProbe(ITestOutputHelper output)
{
    [Fact]
    public void Print()
    {
        string path = Path.Combine(BuildPaths.RepoRoot, "boards", "esp32-devkitc", "board.json");
        var model = new NanoHeapModel();
        var bytes = File.ReadAllBytes(path);
        var board = BoardParser.Parse(path, bytes);
        var bank = HostPinBanks.Create(HostPinBanks.Simulated, 40, out _);
        using var work = new BlockingWorkPool(1);
        var device = new EdgeNanoDevice(board, new DeviceSettings(), bank, new MemoryStore(), new ManualClock(), new ListLog(), new MqttNetLink(), work);
        device.Start();
        object?[] roots = { device.Board, device.Host, device.Twin.Store, device.Twin, device.EventBus, device.EdgeHub, device.Updates, device.Gpio, device.Log };
        string[] names = { "board", "host", "store", "twin", "eventbus", "edgehub", "updates", "gpio", "log" };
        foreach (var r in roots) model.AddBoundary(r);
        long total = 0;
        for (int i = 0; i < roots.Length; i++) { model.Large.Add("---- " + names[i]); var before = model.ByType.ToDictionary(k => k.Key, k => k.Value); long b = model.Walk(roots[i]);
            foreach (var kv in model.ByType) { long d = kv.Value - before.GetValueOrDefault(kv.Key); if (d >= 200) output.WriteLine($"      {names[i]}: {kv.Key} {d}"); } total += b; output.WriteLine($"{names[i],-10} {b,8}"); }
        var before2 = model.ByType.ToDictionary(k => k.Key, k => k.Value);
        long s = model.WalkStatics(AppDomain.CurrentDomain.GetAssemblies().Where(a => NanoHeapModel.DeviceAssemblyNames.Contains(a.GetName().Name)));
        total += s;
        foreach (var kv in model.ByType) { long d = kv.Value - before2.GetValueOrDefault(kv.Key); if (d >= 100) output.WriteLine($"      statics: {kv.Key} {d}"); }
        output.WriteLine($"statics    {s,8}");
        output.WriteLine($"total      {total,8}");
        foreach (var g in model.Large.GroupBy(x => x).OrderBy(g => g.Key)) output.WriteLine($"  {g.Count()} x {g.Key}");
        foreach (var kv in model.ByType.OrderByDescending(k => k.Value).Take(40)) output.WriteLine($"  {kv.Key,-30} {kv.Value,8}");
    }
}
