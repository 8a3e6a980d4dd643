using EdgeNano.Board;

namespace EdgeNano.Cli.Sim;

/// <summary>The sim's bookkeeping for one device id: what it asked for, when inputs change next, what it measured.</summary>
internal sealed class DeviceTrack
{
    public DeviceTrack(SimDevice board, BoardDevice device)
    {
        Board = board;
        DeviceId = device.Id;
        ReportedKeys = [.. SimDevice.ReportedKeys(device)];
        var outputs = new List<string>();
        var inputs = new List<string>();
        for (int p = 0; p < device.PropertyCount; p++)
        {
            PinBinding binding = device.PropertyAt(p);
            if (binding.Kind == PinKind.Output) outputs.Add(binding.Key);
            else inputs.Add(binding.Key);
        }
        OutputKeys = [.. outputs];
        InputKeys = [.. inputs];
        InputDueMs = new long[InputKeys.Length];
    }

    public SimDevice Board { get; }
    public string DeviceId { get; }
    public string[] ReportedKeys { get; }
    public string[] OutputKeys { get; }
    /// <summary>Inputs and counters: what the load changes.</summary>
    public string[] InputKeys { get; }
    /// <summary>When each input changes next (sim clock, ms).</summary>
    public long[] InputDueMs { get; }

    /// <summary>The desired value the sim last set per output key.</summary>
    public Dictionary<string, PendingDesired> Desired { get; } = new(StringComparer.Ordinal);

    public long NextDesiredAtMs;
    /// <summary>When the sim last changed one of its inputs (sim clock, ms), or -1.</summary>
    public long LastInputAtMs = -1;
    public long LastTwinRequestMs;
    public int RoundTrips;
    public readonly Latencies Latency = new();
    public bool Converged;
    /// <summary>Why the device is not converged (the first difference found), for the summary and report.</summary>
    public string? Mismatch;
    /// <summary>Why the device counts as stuck (see StuckWatch), or null.</summary>
    public string? Stuck;
}

/// <summary>One desired value on its way: sent, confirmed by the owner's result, and back as actual.</summary>
internal sealed class PendingDesired(string value, long firstSentMs)
{
    public string Value { get; } = value;
    public long FirstSentMs { get; } = firstSentMs;
    public long LastSentMs;
    public int Sends;
    /// <summary>A publish of it is waiting for its PUBACK.</summary>
    public bool InFlight;
    /// <summary>The observer's connection generation when last sent.</summary>
    public int SentInGeneration;
    public string? EventId;
    public bool Confirmed;
    /// <summary>Set once the owner's twin shows the value as actual; the round trip was recorded then.</summary>
    public bool Reported;
}
