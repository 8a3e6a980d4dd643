using EdgeNano.Boards.NanoFramework;
using EdgeNano.Composition;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Network;

namespace EdgeNano.Firmware
{
    /// <summary>
    /// The STM32F769I-DISCOVERY's part of Program (ST_STM32F769I_DISCOVERY firmware): the microSD
    /// card D:\ (the firmware's only file system), GPIOs PA0-PK7 numbered port * 16 + pin,
    /// Ethernet with DHCP. No Wi-Fi.
    /// </summary>
    public static partial class Program
    {
        private const string DataRoot = SdCard.Drive;
        private const int GpioCount = 11 * 16;
        private const string FirmwareNetwork = DeviceSettings.NetworkEthernet;
        private const int EthernetTimeoutMs = 30000;
        private const int CardTimeoutMs = 5000;

        /// <summary>Waits for the firmware to mount the SD card (it does so half a second after boot).</summary>
        private static void PrepareStorage(ILog log)
        {
            if (SdCard.WaitMounted(DataRoot, CardTimeoutMs)) return;
            log.Write(LogLevel.Error, "firmware", "no microSD card mounted at " + DataRoot + " after " + (CardTimeoutMs / 1000).ToString() +
                " s: no board file or settings, and the twin cannot be kept across restarts (insert a FAT32 card and reset)");
        }

        /// <summary>DHCP on the Ethernet port; the link follows the cable (NetworkAwareLink).</summary>
        private static IMqttLink StartNetwork(DeviceSettings settings, ILog log)
        {
            NetworkAwareLink link = new NetworkAwareLink(new M2MqttLink(), false);
            new EthernetNetwork(link, log).Start(EthernetTimeoutMs);
            return link;
        }
    }
}
