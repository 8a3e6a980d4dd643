using System.Device.Gpio;
using System.IO;
using System.Threading;
using EdgeNano.Board;
using EdgeNano.Boards.Gpio;
using EdgeNano.Boards.NanoFramework;
using EdgeNano.Composition;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Network;
using nanoFramework.Networking;

namespace EdgeNano.Firmware
{
    /// <summary>
    /// The device entry point: reads the board description and settings from the internal
    /// flash (I:\board.json, I:\settings.json; the board falls back to the one built in),
    /// joins Wi-Fi, composes the device (firmware/Composition) with the one MQTT link and the
    /// one thread for blocking network calls, and runs the single dispatch thread until
    /// power-off. Not compiled on Linux CI: it needs nanoFramework packages.
    /// </summary>
    public static class Program
    {
        private const string BoardFile = "I:\\board.json";
        private const string SettingsFile = "I:\\settings.json";
        private const int WifiTimeoutMs = 60000;

        public static void Main()
        {
            ILog log = new ConsoleLog(LogLevel.Info);
            IClock clock = new SystemClock();

            BoardDescription board = ReadBoard(log);
            DeviceSettings settings = ReadSettings(log);
            if (board == null || settings == null)
            {
                Thread.Sleep(Timeout.Infinite); // nothing sensible to run; the log says why
            }

            if (settings.WifiSsid.Length > 0)
            {
                CancellationTokenSource wifiTimeout = new CancellationTokenSource(WifiTimeoutMs);
                bool joined = WifiNetworkHelper.ConnectDhcp(settings.WifiSsid, settings.WifiPassword, requiresDateTime: true, token: wifiTimeout.Token);
                log.Write(joined ? LogLevel.Info : LogLevel.Error, "firmware", joined ? "Wi-Fi joined" : "Wi-Fi not joined; running offline");
            }

            GpioControllerPinBank pins = new GpioControllerPinBank(new GpioController(), 49);
            BlockingWorkThread network = new BlockingWorkThread(8, log);
            EdgeNanoDevice device = new EdgeNanoDevice(board, settings, pins, new FlashStore(FlashStore.InternalFlash), clock, log,
                new M2MqttLink(), network);
            DeviceDispatcher dispatcher = new DeviceDispatcher(device.Host, 8);
            network.Start();
            device.Start();
            dispatcher.Start();
            log.Write(LogLevel.Info, "firmware", "EdgeNano running board " + board.BoardId + " with " + board.DeviceCount.ToString() + " device(s)");

            Thread.Sleep(Timeout.Infinite);
        }

        private static BoardDescription ReadBoard(ILog log)
        {
            byte[] json = ReadFile(BoardFile);
            string name = BoardFile;
            if (json == null)
            {
                log.Write(LogLevel.Info, "firmware", BoardFile + " not found; using the built-in board");
                json = BuiltInBoard.Json();
                name = "built-in board";
            }
            BoardDescription board = BoardParser.Parse(name, json);
            for (int i = 0; i < board.WarningCount; i++) log.Write(LogLevel.Warning, "board", board.WarningAt(i));
            if (board.IsValid) return board;
            log.Write(LogLevel.Error, "board", board.ErrorText());
            return null;
        }

        private static DeviceSettings ReadSettings(ILog log)
        {
            DeviceSettings settings = new DeviceSettings();
            byte[] json = ReadFile(SettingsFile);
            if (json == null)
            {
                log.Write(LogLevel.Warning, "firmware", SettingsFile + " not found; defaults, no Wi-Fi");
                return settings;
            }
            SettingsParser parser = new SettingsParser();
            bool ok = parser.Parse(SettingsFile, json, json.Length, settings);
            if (parser.Problems.Length > 0) log.Write(ok ? LogLevel.Warning : LogLevel.Error, "settings", parser.Problems);
            return ok ? settings : null;
        }

        private static byte[] ReadFile(string path)
        {
            if (!File.Exists(path)) return null;
            using (FileStream stream = new FileStream(path, FileMode.Open))
            {
                byte[] bytes = new byte[(int)stream.Length];
                int read = 0;
                while (read < bytes.Length)
                {
                    int n = stream.Read(bytes, read, bytes.Length - read);
                    if (n <= 0) break;
                    read += n;
                }
                return bytes;
            }
        }
    }
}
