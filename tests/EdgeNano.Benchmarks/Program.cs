using BenchmarkDotNet.Running;
using EdgeNano.Benchmarks;

// "roundtrip [count]" runs the measured twin round trip through mosquitto (a plain harness, see
// TwinRoundTripBenchmarks); everything else is BenchmarkDotNet: pick with --filter, e.g. --filter '*Bus*'.
if (args.Length > 0 && args[0] == "roundtrip")
{
    TwinRoundTripBenchmarks.Run(args);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(TwinRoundTripBenchmarks).Assembly).Run(args);
