namespace EdgeNano.Tests.Cli;

/// <summary>
/// Tests that run a simulated fleet (dozens of boards, a broker and the hub) take both cores for
/// seconds; they run alone, after the parallel tests, so the real-time tests' timing is not
/// measured on a machine they saturate.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FleetCollection
{
    public const string Name = "simulated fleet";
}
