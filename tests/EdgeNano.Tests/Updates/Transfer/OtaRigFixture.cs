namespace EdgeNano.Tests.Updates.Transfer;

/// <summary>One broker, hub and OTA server shared by a test class (each test uses boards of its own ids).</summary>
public sealed class OtaRigFixture : IAsyncLifetime
{
    internal OtaRig Rig { get; private set; } = null!;

    public async Task InitializeAsync() => Rig = await OtaRig.StartAsync();

    public async Task DisposeAsync() => await Rig.DisposeAsync();
}
