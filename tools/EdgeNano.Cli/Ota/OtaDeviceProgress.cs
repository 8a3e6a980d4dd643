using System.Text.Json;
using EdgeNano.Updates;

namespace EdgeNano.Cli.Ota;

/// <summary>Where one device is in a push, as far as the server knows.</summary>
public enum OtaPushPhase
{
    /// <summary>Not offered yet: waiting for a place under --concurrency.</summary>
    Queued,
    /// <summary>Announced; the device's reports say how far it is.</summary>
    Offered,
    /// <summary>Reported <c>confirmed</c> running the package's version.</summary>
    Confirmed,
    /// <summary>Reported <c>failed</c> (ota_error says why).</summary>
    Failed,
    /// <summary>Reported <c>rolled_back</c>: the new version did not become healthy.</summary>
    RolledBack,
    /// <summary>Not finished when --timeout ran out (or the push was stopped).</summary>
    TimedOut,
}

/// <summary>
/// One device's progress in a push, from its twin reports (ota_state, ota_progress, fw_version,
/// ota_error on <c>twin/update</c>) and the blocks the server sent it. Reports count only once
/// the device has been offered the package: what it said before is about an earlier one.
/// </summary>
public sealed class OtaDeviceProgress(string deviceId, string packageVersion)
{
    public string DeviceId { get; } = deviceId;
    public OtaPushPhase Phase { get; private set; } = OtaPushPhase.Queued;

    /// <summary>The last ota_state reported since the offer; empty before the first.</summary>
    public string State { get; private set; } = "";

    /// <summary>The last ota_progress (0-100); -1 before the first.</summary>
    public int Percent { get; private set; } = -1;

    /// <summary>The last fw_version reported (also before the offer: it is what the device runs).</summary>
    public string FwVersion { get; private set; } = "";

    /// <summary>The last non-empty ota_error since the offer.</summary>
    public string Error { get; private set; } = "";

    /// <summary>What the server has answered this device (manifests, blocks, bytes, requests for other packages).</summary>
    public OtaServeCounters Served { get; private set; }

    public DateTime OfferedAt { get; private set; }

    /// <summary>When the device last reported or was sent a block since the offer.</summary>
    public DateTime HeardAt { get; private set; }

    /// <summary>True once confirmed, failed, rolled back or timed out.</summary>
    public bool Finished => Phase >= OtaPushPhase.Confirmed;

    public void Offer(DateTime now)
    {
        Phase = OtaPushPhase.Offered;
        OfferedAt = HeardAt = now;
    }

    /// <summary>
    /// Takes what the server has answered this device so far; an answer since the last look
    /// counts as hearing from the device. True when the figures changed.
    /// </summary>
    public bool TakeCounters(OtaServeCounters counters, DateTime now)
    {
        if (counters == Served) return false;
        Served = counters;
        if (Phase == OtaPushPhase.Offered) HeardAt = now;
        return true;
    }

    /// <summary>Takes the values of one twin/update the device published; true when something shown changed.</summary>
    public bool TakeReport(IReadOnlyDictionary<string, string> actual, DateTime now)
    {
        bool changed = false;
        if (actual.TryGetValue(OtaState.VersionKey, out string? version) && version != FwVersion)
        {
            FwVersion = version;
            changed = true;
        }
        if (Phase != OtaPushPhase.Offered) return changed;
        HeardAt = now;
        if (actual.TryGetValue(OtaState.StateKey, out string? state) && state != State)
        {
            State = state;
            changed = true;
        }
        if (actual.TryGetValue(OtaState.ProgressKey, out string? text) && int.TryParse(text, out int percent) && percent != Percent)
        {
            Percent = Math.Clamp(percent, 0, 100);
            changed = true;
        }
        if (actual.TryGetValue(OtaState.ErrorKey, out string? error) && error.Length > 0 && error != Error)
        {
            Error = error;
            changed = true;
        }
        // Confirmed counts only with the package's version running: "confirmed" alone may still be the previous update's.
        if (State == OtaState.Confirmed && FwVersion == packageVersion) Phase = OtaPushPhase.Confirmed;
        else if (State == OtaState.Failed) Phase = OtaPushPhase.Failed;
        else if (State == OtaState.RolledBack) Phase = OtaPushPhase.RolledBack;
        return changed;
    }

    /// <summary>Ends an unfinished device's push.</summary>
    public void TimeOut()
    {
        if (!Finished) Phase = OtaPushPhase.TimedOut;
    }

    /// <summary>The device's result in words: the reported state, or queued / offered / timed out.</summary>
    public string Describe() => Phase switch
    {
        OtaPushPhase.Queued => "queued",
        OtaPushPhase.TimedOut => State.Length == 0 ? "timed out (no answer)" : $"timed out ({State})",
        _ => State.Length == 0 ? "offered" : State,
    };

    /// <summary>
    /// The actual values of a KubeEdge twin/update payload
    /// (<c>{"twin":{"key":{"actual":{"value":"..."}}}}</c>); empty when it is not one.
    /// Expected values (another client setting desired ones) are not reports and are skipped.
    /// </summary>
    public static Dictionary<string, string> ReadActual(byte[] payload)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("twin", out JsonElement twin) || twin.ValueKind != JsonValueKind.Object) return values;
            foreach (JsonProperty property in twin.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Object
                    && property.Value.TryGetProperty("actual", out JsonElement actual) && actual.ValueKind == JsonValueKind.Object
                    && actual.TryGetProperty("value", out JsonElement value) && value.ValueKind == JsonValueKind.String)
                {
                    values[property.Name] = value.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
        }
        return values;
    }
}
