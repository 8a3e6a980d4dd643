namespace EdgeNano.Cli.Ota;

/// <summary>
/// A board's managed heap as <c>ota pack</c> assumes it: nanoCLR's heap in bytes (null for a host
/// board, which runs on .NET with no such limit), and the words that name it in messages.
/// </summary>
public sealed record OtaBoardHeap(long? Bytes, string Description);

/// <summary>
/// The managed heap of each MCU a board file may name (docs/board-file.md), for the heap check of
/// <c>ota pack</c>. Board files say nothing of PSRAM (and the device's board parser refuses fields
/// it does not know), so each MCU stands for the module the shipped board uses; a target with
/// other memory states its heap with <c>--heap-bytes</c>. Sources and derivation: docs/ota-protocol.md,
/// "What a board's updates can carry".
/// </summary>
public static class OtaHeapTable
{
    /// <summary>ESP32 without PSRAM (ESP32-WROOM-32, boards/esp32-devkitc): about 90 KB in total.</summary>
    public const long Esp32 = 90 * 1024;

    /// <summary>
    /// ESP32-S3 with PSRAM (ESP32-S3-DevKitC-1 N8R2 and up, boards/esp32-s3-devkitc): nanoCLR takes the
    /// largest free PSRAM block less 1-1.23 MB kept for ESP-IDF, so the smallest module (2 MB quad
    /// PSRAM) leaves about 780 KB; 8 MB modules several MB. The floor is what the check assumes.
    /// </summary>
    public const long Esp32S3Psram = 768 * 1024;

    /// <summary>The heap for a board file's "mcu"; null when the MCU is not one this table knows.</summary>
    public static OtaBoardHeap? ForMcu(string mcu) => mcu switch
    {
        "esp32" => new OtaBoardHeap(Esp32, "ESP32 without PSRAM, about 90 KB of managed heap"),
        "esp32-s3" => new OtaBoardHeap(Esp32S3Psram, "ESP32-S3 with PSRAM, at least 768 KB of managed heap"),
        "bcm2711" or "linux" or "simulator" => new OtaBoardHeap(null, "runs on .NET, no nanoCLR heap limit"),
        _ => null,
    };
}
