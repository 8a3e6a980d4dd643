using EdgeNano.Runtime;

namespace EdgeNano.MemoryProbe
{
    /// <summary>
    /// The board's log: prints each line as "LOG level source: text" (kept apart from the MEM
    /// lines) and counts warnings and errors, which the probe reports at the end.
    /// </summary>
    public sealed class CountingLog : ILog
    {
        private int _lines;
        private int _warnings;
        private int _errors;

        public int Lines { get { return _lines; } }
        public int Warnings { get { return _warnings; } }
        public int Errors { get { return _errors; } }

        public void Write(int level, string source, string text)
        {
            _lines++;
            if (level == LogLevel.Warning) _warnings++;
            if (level >= LogLevel.Error) _errors++;
            System.Console.WriteLine("LOG " + LogLevel.Name(level) + " " + source + ": " + text);
        }
    }
}
