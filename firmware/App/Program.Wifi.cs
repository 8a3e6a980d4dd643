using System.Threading;
using EdgeNano.Boards.NanoFramework;
using EdgeNano.Composition;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Network;
using nanoFramework.Networking;

namespace EdgeNano.Firmware
{
    /// <summary>The ESP32's part of Program: the internal flash I:\, 49 GPIOs, Wi-Fi.</summary>
    public static partial class Program
    {
        private const string DataRoot = FlashStore.InternalFlash;
        private const int GpioCount = 49;
        private const string FirmwareNetwork = DeviceSettings.NetworkWifi;
        private const int WifiTimeoutMs = 60000;

        /// <summary>I:\ is there from power-on.</summary>
        private static void PrepareStorage(ILog log)
        {
        }

        /// <summary>Joins the Wi-Fi of the settings, if any (none: the board runs offline).</summary>
        private static IMqttLink StartNetwork(DeviceSettings settings, ILog log)
        {
            if (settings.WifiSsid.Length > 0)
            {
                CancellationTokenSource wifiTimeout = new CancellationTokenSource(WifiTimeoutMs);
                bool joined = WifiNetworkHelper.ConnectDhcp(settings.WifiSsid, settings.WifiPassword, requiresDateTime: true, token: wifiTimeout.Token);
                log.Write(joined ? LogLevel.Info : LogLevel.Error, "firmware", joined ? "Wi-Fi joined" : "Wi-Fi not joined; running offline");
            }
            return new M2MqttLink();
        }
    }
}
