using EdgeNano.Tests.Foundation;
using EdgeNano.Tests.Storage;

namespace EdgeNano.Tests.Network;

/// <summary>
/// The STM32 board's adapters (boards/NanoFramework: EthernetNetwork.cs, NetworkAwareLink.cs,
/// SdCard.cs) need nanoFramework.System.Net and .System.Threading, which do not restore here, so
/// only the nfproj compiles them. These compile them against nanoFramework's mscorlib, the
/// Runtime library's nanoFramework build and declaration-only outlines of the API they use, as
/// published in nanoFramework.System.Net 1.11.60 and .System.Threading 1.1.52 (the versions the
/// nfproj pins; read from those assemblies' public signatures), plus the file system outline
/// FlashStoreCompilesTests keeps. A member nanoFramework does not have, or C# above 9, fails here.
/// </summary>
public class EthernetAdapterCompilesTests
{
    internal const string NanoNetworkOutline = """
        namespace System.Threading
        {
            public struct CancellationToken
            {
                public static CancellationToken None { get { return default(CancellationToken); } }
                public bool IsCancellationRequested { get { return false; } }
            }
            public class CancellationTokenSource
            {
                public CancellationTokenSource() { }
                public CancellationTokenSource(int millisecondsDelay) { }
                public CancellationTokenSource(TimeSpan delay) { }
                public bool IsCancellationRequested { get { return false; } }
                public CancellationToken Token { get { return default(CancellationToken); } }
                public void Cancel() { }
            }
        }
        namespace System.Net.NetworkInformation
        {
            public enum NetworkInterfaceType { Unknown = 1, Ethernet = 6, Wireless80211 = 71, WirelessAP = 72 }
            public class NetworkAvailabilityEventArgs : EventArgs
            {
                public bool IsAvailable { get { return false; } }
            }
            public delegate void NetworkAvailabilityChangedEventHandler(object sender, NetworkAvailabilityEventArgs e);
            public static class NetworkChange
            {
                public static event NetworkAvailabilityChangedEventHandler NetworkAvailabilityChanged { add { } remove { } }
            }
            public class NetworkInterface
            {
                protected NetworkInterface(int interfaceIndex) { }
                public string IPv4Address { get { return null; } }
                public string IPv4GatewayAddress { get { return null; } }
                public bool IsDhcpEnabled { get { return false; } }
                public byte[] PhysicalAddress { get { return null; } set { } }
                public NetworkInterfaceType NetworkInterfaceType { get { return NetworkInterfaceType.Unknown; } }
                public static bool GetIsNetworkAvailable() { return false; }
                public static NetworkInterface[] GetAllNetworkInterfaces() { return null; }
                public void EnableDhcp() { }
                public void EnableStaticIPv4(string ipv4Address, string ipv4SubnetMask, string ipv4GatewayAddress) { }
                public void ReleaseDhcpLease() { }
                public void RenewDhcpLease() { }
            }
        }
        namespace nanoFramework.Networking
        {
            public enum NetworkHelperStatus { None = 0, Started = 1, NetworkIsReady = 2, FailedNoNetworkInterface = 3, TokenExpiredWaitingIPAddress = 4, TokenExpiredWaitingDateTime = 5, ErrorConnetingToWiFiWhileScanning = 6, ExceptionOccurred = 7, Reconnecting = 8 }
            public static class NetworkHelper
            {
                public static System.Threading.ManualResetEvent NetworkReady { get { return null; } }
                public static NetworkHelperStatus Status { get { return NetworkHelperStatus.None; } }
                public static System.Exception HelperException { get { return null; } }
                public static void SetupNetworkHelper(bool requiresDateTime = false) { }
                public static bool SetupAndConnectNetwork(System.Threading.CancellationToken token = default(System.Threading.CancellationToken), bool requiresDateTime = false) { return false; }
                public static void Reset() { }
            }
        }
        """;

    private static IReadOnlyList<string> Compile(params string[] sources) =>
        NanoCompiler.CheckWithDeviceLibraries("EthernetAdapterCheck", ["EdgeNano.Runtime"],
            sources.Append(NanoNetworkOutline).Append(FlashStoreCompilesTests.NanoFileSystemOutline));

    private static string Adapter(string file) =>
        File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "boards", "NanoFramework", file));

    [Fact]
    public void The_Ethernet_network_the_link_that_follows_it_and_the_SD_card_compile_against_nanoFramework_API()
    {
        Assert.Empty(Compile(Adapter("EthernetNetwork.cs"), Adapter("NetworkAwareLink.cs"), Adapter("SdCard.cs")));
    }

    [Fact]
    public void An_adapter_that_used_Wi_Fi_would_not_compile_against_the_STM32_board_API()
    {
        // The STM32 board has no System.Device.Wifi: the outline is checked against, not decorative.
        string wifi = "class J { bool M() { return nanoFramework.Networking.WifiNetworkHelper.ConnectDhcp(\"s\", \"p\"); } }";
        Assert.Contains(Compile(wifi), e => e.Contains("CS0234") || e.Contains("CS0103") || e.Contains("CS0117"));
    }
}
