namespace EdgeNano.Runtime
{
    /// <summary>Log levels as numbers: on nanoFramework Enum.ToString gives the number, so names come from LogLevel.Name.</summary>
    public static class LogLevel
    {
        public const int Debug = 0;
        public const int Info = 1;
        public const int Warning = 2;
        public const int Error = 3;

        public static string Name(int level)
        {
            switch (level)
            {
                case Debug: return "debug";
                case Info: return "info";
                case Warning: return "warn";
                default: return "error";
            }
        }
    }

    /// <summary>Where log lines go: a serial console on a board, a console or a test's list on the host.</summary>
    public interface ILog
    {
        void Write(int level, string source, string text);
    }

    /// <summary>Writes "level source: text" lines to the console (the serial port on a device).</summary>
    public sealed class ConsoleLog : ILog
    {
        private readonly int _minimumLevel;

        public ConsoleLog(int minimumLevel)
        {
            _minimumLevel = minimumLevel;
        }

        public void Write(int level, string source, string text)
        {
            if (level < _minimumLevel) return;
            System.Console.WriteLine(LogLevel.Name(level) + " " + source + ": " + text);
        }
    }
}
