using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Ota;

/// <summary>
/// Whether a package's application files can load on the target: the nanoFramework loader
/// (boards/NanoFramework/SlotLoader.cs) keeps each app file in the managed heap for good
/// (Assembly.Load(byte[]) holds the array), on top of what is already there when EdgeNano runs.
/// Configuration-only packages load nothing and always pass. Figures and how they were measured:
/// docs/ota-protocol.md, "What a board's updates can carry".
/// </summary>
public static class OtaHeapBudget
{
    /// <summary>
    /// nanoCLR's tables and static data of the deployed firmware (mscorlib, the 12 nanoFramework
    /// libraries EdgeNano.Firmware references and EdgeNano's 10 assemblies), in the heap before Main
    /// runs: measured on a 32-bit nanoCLR with GC.Run(false).
    /// </summary>
    public const long FirmwareAssemblies = 36_300;

    /// <summary>EdgeNano's own peak on esp32-devkitc (issue 14's budget: 32 KB retained, 40 KB peak).</summary>
    public const long EdgeNanoPeak = 40 * 1024;

    /// <summary>
    /// Allowance for Wi-Fi, TLS and M2Mqtt's managed objects (its four threads, buffers, the CA
    /// certificate): an allowance, not a measurement; four parked threads alone took 5,940 bytes.
    /// </summary>
    public const long Network = 16 * 1024;

    /// <summary>A byte array's header in nanoCLR's heap (measured: a loaded .pe of N bytes took N + 20).</summary>
    public const long ArrayHeader = 20;

    /// <summary>What the heap already holds besides the package: firmware, EdgeNano, network.</summary>
    public const long Reserved = FirmwareAssemblies + EdgeNanoPeak + Network;

    /// <summary>
    /// Heap one app file takes once loaded: its bytes, the array header, and nanoCLR's tables for the
    /// assembly, measured at 8-12 % of the .pe size (912 bytes for a 7,348-byte .pe, 2,688 for 34,168),
    /// so counted as one eighth.
    /// </summary>
    public static long LoadedSize(long peBytes) => peBytes + ArrayHeader + (peBytes + 7) / 8;

    /// <summary>The verdict for a package without app files, which every board takes.</summary>
    public const string ConfigurationOnly = "configuration only: no assemblies for the board to load";

    /// <summary>
    /// A one-line verdict for the pack output; CliException, naming the board and every figure,
    /// when the application files do not fit.
    /// </summary>
    public static string Check(OtaTargetBoard target, IReadOnlyList<long> appFileSizes)
    {
        if (appFileSizes.Count == 0) return ConfigurationOnly;
        if (target.Heap.Bytes is not long heap) return $"{target.Describe()}: the application files are not checked";

        long pe = appFileSizes.Sum();
        long loaded = appFileSizes.Sum(LoadedSize);
        long needed = Reserved + loaded;
        string sum = $"{N(needed)} bytes of managed heap = application files {N(loaded)} ({N(pe)} bytes of .pe, loaded) " +
                     $"+ deployed firmware's assemblies {N(FirmwareAssemblies)} + EdgeNano's peak {N(EdgeNanoPeak)} " +
                     $"+ Wi-Fi, TLS and M2Mqtt {N(Network)}";
        if (needed > heap)
        {
            throw new CliException(
                $"{target.Describe()} cannot load this package's application files: with them it needs {sum}; it has {N(heap)}: " +
                $"short by {N(needed - heap)} bytes. {Room(heap, appFileSizes.Count)}; " +
                "a target with more heap (e.g. PSRAM) states it with --heap-bytes");
        }
        return $"{target.Describe()}: the application files fit: with them it needs {sum}; it has {N(heap)}, {N(heap - needed)} to spare";
    }

    /// <summary>What the board can take instead: nothing but configuration, or app files up to a .pe size.</summary>
    private static string Room(long heap, int files)
    {
        long room = heap - Reserved - files * ArrayHeader;
        // Inverse of LoadedSize: pe + pe/8 fits the room.
        long maxPe = room * 8 / 9;
        return maxPe <= 0
            ? "This board has no room for application files: it takes configuration-only packages (--config without --in)"
            : $"This board loads at most about {N(maxPe)} bytes of .pe in {files} file(s)";
    }

    private static string N(long value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
