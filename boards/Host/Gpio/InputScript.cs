using System.Globalization;

namespace EdgeNano.Boards.Host.Gpio;

/// <summary>
/// What a simulated input pin does over time: its level at time 0 and each later change.
/// Times are milliseconds of the simulated driver's own time (see <see cref="SimulatedGpioDriver.AdvanceTo"/>).
/// </summary>
public abstract class InputScript
{
    /// <summary>The level before the first change.</summary>
    public abstract bool InitialLevel { get; }

    /// <summary>The first change strictly after <paramref name="afterMs"/>: its time (long.MaxValue: none) and the level it sets.</summary>
    public abstract long NextChange(long afterMs, out bool level);

    /// <summary>A level that never changes.</summary>
    public static InputScript Constant(bool level) => new ListScript(level, []);

    /// <summary>Changes every half period, forever, starting at <paramref name="startLevel"/>.</summary>
    public static InputScript SquareWave(long periodMs, bool startLevel = false) => new SquareWaveScript(periodMs, startLevel);

    /// <summary>
    /// A contact that bounces: from !toLevel it switches to toLevel at atMs, then bounces back and
    /// forth <paramref name="bounces"/> times, <paramref name="spacingMs"/> apart, ending at toLevel.
    /// </summary>
    public static InputScript Bouncy(long atMs, bool toLevel, int bounces, long spacingMs)
    {
        if (spacingMs < 1) throw new ArgumentOutOfRangeException(nameof(spacingMs), "changes must be at least 1 ms apart");
        var changes = new List<(long, bool)>();
        for (int i = 0; i <= 2 * bounces; i++) changes.Add((atMs + i * spacingMs, i % 2 == 0 ? toLevel : !toLevel));
        return new ListScript(!toLevel, changes);
    }

    /// <summary>
    /// Bursts of pulses at random times, reproducible from the seed: each burst is
    /// <paramref name="pulsesPerBurst"/> pulses (rise and fall) <paramref name="edgeSpacingMs"/>
    /// apart, bursts separated by a random gap of up to <paramref name="maxGapMs"/>.
    /// </summary>
    public static InputScript RandomBursts(int seed, int bursts, int pulsesPerBurst, long edgeSpacingMs, long maxGapMs)
    {
        if (edgeSpacingMs < 1) throw new ArgumentOutOfRangeException(nameof(edgeSpacingMs), "changes must be at least 1 ms apart");
        var random = new Random(seed);
        var changes = new List<(long, bool)>();
        long t = 0;
        for (int b = 0; b < bursts; b++)
        {
            t += 1 + random.NextInt64(maxGapMs);
            for (int p = 0; p < pulsesPerBurst; p++)
            {
                changes.Add((t, true));
                t += edgeSpacingMs;
                changes.Add((t, false));
                t += edgeSpacingMs;
            }
        }
        return new ListScript(false, changes);
    }

    /// <summary>
    /// A recording: one "ms value" line per change (value 0 or 1, times increasing); blank
    /// lines and lines starting with '#' are skipped. A change at 0 sets the initial level.
    /// </summary>
    public static InputScript Replay(string text, string source = "replay")
    {
        var changes = new List<(long, bool)>();
        bool initial = false;
        long last = 0;
        int lineNumber = 0;
        foreach (string raw in text.Split('\n'))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long ms) ||
                (parts[1] != "0" && parts[1] != "1"))
                throw new FormatException($"{source}:{lineNumber}: expected \"ms value\" with value 0 or 1, got \"{line}\"");
            bool level = parts[1] == "1";
            if (ms == 0 && changes.Count == 0) initial = level;
            else
            {
                if (ms <= last) throw new FormatException($"{source}:{lineNumber}: time {ms} is not after the previous line's {last}");
                changes.Add((ms, level));
            }
            last = ms;
        }
        return new ListScript(initial, changes);
    }

    /// <summary>Replay from a file of "ms value" lines.</summary>
    public static InputScript ReplayFile(string path) => Replay(File.ReadAllText(path), path);

    private sealed class ListScript(bool initial, List<(long At, bool Level)> changes) : InputScript
    {
        public override bool InitialLevel => initial;

        public override long NextChange(long afterMs, out bool level)
        {
            // First change after afterMs (changes are in strictly increasing time order).
            int lo = 0, hi = changes.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                if (changes[mid].At <= afterMs) lo = mid + 1;
                else hi = mid;
            }
            if (lo == changes.Count)
            {
                level = false;
                return long.MaxValue;
            }
            level = changes[lo].Level;
            return changes[lo].At;
        }
    }

    private sealed class SquareWaveScript : InputScript
    {
        private readonly long _half;
        private readonly bool _start;

        public SquareWaveScript(long periodMs, bool start)
        {
            if (periodMs < 2) throw new ArgumentOutOfRangeException(nameof(periodMs), "a square wave needs a period of at least 2 ms");
            _half = periodMs / 2;
            _start = start;
        }

        public override bool InitialLevel => _start;

        public override long NextChange(long afterMs, out bool level)
        {
            long k = afterMs < 0 ? 1 : afterMs / _half + 1;
            level = _start ^ (k % 2 == 1);
            return k * _half;
        }
    }
}
