using System.Net.NetworkInformation;
using System.Threading;
using EdgeNano.Runtime;
using nanoFramework.Networking;

namespace EdgeNano.Boards.NanoFramework
{
    /// <summary>
    /// The board's wired network (the STM32F769I-DISCOVERY's LAN8742A PHY, lwIP in nanoFramework's
    /// firmware): an address from DHCP, and cable in / cable out passed to the MQTT link as the
    /// network coming up or going down (<see cref="NetworkAwareLink"/>), so edgehub reconnects
    /// when the cable is back. No Wi-Fi here: System.Net only, which every networked
    /// nanoFramework target has.
    /// </summary>
    public sealed class EthernetNetwork
    {
        private readonly NetworkAwareLink _link;
        private readonly ILog _log;

        public EthernetNetwork(NetworkAwareLink link, ILog log)
        {
            _link = link;
            _log = log;
        }

        /// <summary>
        /// Asks DHCP for an address on the Ethernet interface and waits up to timeoutMs for it
        /// (and for the time from SNTP, which TLS needs). False when the firmware has no Ethernet
        /// interface or no address came in time; in the second case the board runs offline and
        /// the link comes up when the cable or the DHCP server does.
        /// </summary>
        public bool Start(int timeoutMs)
        {
            NetworkInterface ethernet = Find();
            if (ethernet == null)
            {
                _log.Write(LogLevel.Error, "network", "this firmware has no Ethernet interface; running offline");
                return false;
            }
            if (!ethernet.IsDhcpEnabled) ethernet.EnableDhcp();
            NetworkChange.NetworkAvailabilityChanged += OnAvailabilityChanged;

            CancellationTokenSource timeout = new CancellationTokenSource(timeoutMs);
            bool ready = NetworkHelper.SetupAndConnectNetwork(timeout.Token, true);
            _link.NetworkChanged(ready || NetworkInterface.GetIsNetworkAvailable());
            if (ready) _log.Write(LogLevel.Info, "network", "Ethernet up, address " + ethernet.IPv4Address + " from DHCP");
            else _log.Write(LogLevel.Error, "network", "Ethernet: no address from DHCP within " + (timeoutMs / 1000).ToString() +
                " s (cable, switch, DHCP server?); running offline until the link comes up");
            return ready;
        }

        private static NetworkInterface Find()
        {
            NetworkInterface[] all = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < all.Length; i++)
            {
                if (all[i].NetworkInterfaceType == NetworkInterfaceType.Ethernet) return all[i];
            }
            return null;
        }

        private void OnAvailabilityChanged(object sender, NetworkAvailabilityEventArgs e)
        {
            _link.NetworkChanged(e.IsAvailable);
            _log.Write(e.IsAvailable ? LogLevel.Info : LogLevel.Warning, "network", e.IsAvailable ? "Ethernet link up" : "Ethernet link down");
        }
    }
}
