using System.Device.Gpio;
using System.IO;
using System.Threading;
using EdgeNano.Board;
using EdgeNano.Boards.Gpio;
using EdgeNano.Boards.NanoFramework;
using EdgeNano.Composition;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Network;
using EdgeNano.Updates;

namespace EdgeNano.Firmware
{
    /// <summary>
    /// The device entry point, shared by every nanoFramework target; what differs per target (the
    /// drive, the GPIO count, the network) is in the target's own part of this class:
    /// Program.Wifi.cs (ESP32, this folder) and firmware/App.Stm32/Program.Ethernet.cs
    /// (STM32F769I-DISCOVERY). The loader first: the boot record (DataRoot\ota-boot) picks the
    /// slot to run — the application deployed with the toolchain, or an update in slot0 or slot1,
    /// whose assemblies SlotLoader loads and starts (boards/NanoFramework/README.md). The built-in
    /// application reads the board description and settings from the target's file system
    /// (I:\ on an ESP32, the SD card D:\ on the STM32 board; a configuration update's board.json
    /// in the running slot comes first, the built-in board last), starts the network, composes
    /// the device (firmware/Composition) with the one MQTT link, the one thread for blocking
    /// network calls and the update parts, and runs the single dispatch thread until power-off.
    /// Not compiled on Linux CI: it needs nanoFramework packages.
    /// </summary>
    public static partial class Program
    {
        private const string BoardFile = DataRoot + "board.json";
        private const string SettingsFile = DataRoot + "settings.json";
        private const string SlotBoardFile = "board.json";
        /// <summary>Bytes one update slot may hold on I:\ (two slots plus the twin must fit the flash partition).</summary>
        private const int SlotCapacity = 512 * 1024;

        private static ILog _log;
        private static FlashStore _flash;
        private static FlashSlotFiles _slots;
        private static IBoardRestart _restart;

        public static void Main()
        {
            _log = new ConsoleLog(LogLevel.Info);
            PrepareStorage(_log);
            _flash = new FlashStore(DataRoot);
            _slots = new FlashSlotFiles(DataRoot, SlotCapacity);
            _restart = new PowerRestart(_log);
            BootControl boot = new BootControl(_flash, FirmwareInfo.FactoryVersion);
            new SlotLoader(boot, _slots, _restart, new ApplicationEntry(RunBuiltIn), _log).Run();
            Thread.Sleep(Timeout.Infinite);
        }

        /// <summary>The application deployed with the firmware (and the one a configuration-only update runs).</summary>
        private static void RunBuiltIn(BootControl boot)
        {
            BlockingWorkThread network = new BlockingWorkThread(8, _log);
            EdgeNanoDevice device = Compose(boot, network);
            if (device == null)
            {
                // Nothing sensible to run; the log says why. A trial version stays unconfirmed
                // and the next boot returns to the previous one.
                Thread.Sleep(Timeout.Infinite);
                return;
            }
            DeviceDispatcher dispatcher = new DeviceDispatcher(device.Host, 8);
            network.Start();
            device.Start();
            dispatcher.Start();
            _log.Write(LogLevel.Info, "firmware", "EdgeNano " + boot.RunningVersion + " running board " + device.Board.BoardId + " with " +
                device.Board.DeviceCount.ToString() + " device(s)");

            Thread.Sleep(Timeout.Infinite);
        }

        /// <summary>
        /// Reads the board and settings, starts the network and composes the device; null (logged) when
        /// there is nothing sensible to run. The settings are dropped when this returns: the device
        /// keeps what it needs of them, and a local of RunBuiltIn, which never returns, would keep
        /// the whole settings object (about 1.3 KB, docs/memory.md) for the device's life.
        /// </summary>
        private static EdgeNanoDevice Compose(BootControl boot, BlockingWorkThread network)
        {
            ILog log = _log;
            UpdateParts updates = new UpdateParts(_slots, boot, _restart);
            BoardDescription board = ReadBoard(log, updates.ReadActiveFile(SlotBoardFile));
            DeviceSettings settings = ReadSettings(log);
            if (board == null || settings == null) return null;

            IMqttLink link;
            if (settings.Network.Length == 0 || settings.Network == FirmwareNetwork)
            {
                link = StartNetwork(settings, log);
            }
            else
            {
                // Wi-Fi asked of an Ethernet-only firmware or the other way round: the device
                // still runs (gpio, twin, storage), offline, and says which setting to change.
                log.Write(LogLevel.Error, "settings", SettingsFile + ": network is " + settings.Network + ", but this firmware has " +
                    FirmwareNetwork + " only; running offline (set network to " + FirmwareNetwork + " or leave it out)");
                link = new M2MqttLink();
            }

            GpioControllerPinBank pins = new GpioControllerPinBank(new GpioController(), GpioCount);
            try
            {
                return new EdgeNanoDevice(board, settings, pins, _flash, new SystemClock(), log, link, network, updates);
            }
            catch (RuntimeConfigException e)
            {
                // Capacities that cannot hold the board (e.g. propertiesPerDevice below its
                // properties) are refused before anything runs, with the setting named. As with
                // a bad board file: nothing sensible to run, and a trial version is not confirmed.
                log.Write(LogLevel.Error, "firmware", e.Message);
                return null;
            }
        }

        private static BoardDescription ReadBoard(ILog log, byte[] fromSlot)
        {
            byte[] json = fromSlot;
            string name = "board.json of the running update";
            if (json == null)
            {
                json = ReadFile(BoardFile);
                name = BoardFile;
            }
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
                log.Write(LogLevel.Warning, "firmware", SettingsFile + " not found; defaults (Wi-Fi: none, Ethernet: DHCP)");
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
