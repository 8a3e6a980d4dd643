using System.IO;
using System.Threading;

namespace EdgeNano.Boards.NanoFramework
{
    /// <summary>
    /// The microSD card, the file system nanoFramework's ST_STM32F769I_DISCOVERY firmware gives
    /// an application (FatFS; the firmware has no internal flash file system). The firmware mounts
    /// the card as D:\ from a thread of its own, half a second after it sees the card, so the
    /// application waits for the drive before it reads its board file and settings.
    /// </summary>
    public static class SdCard
    {
        /// <summary>Where nanoFramework mounts the SD card on ChibiOS targets.</summary>
        public const string Drive = "D:\\";

        /// <summary>True once the drive is mounted; false after timeoutMs without it (no card, or unreadable).</summary>
        public static bool WaitMounted(string drive, int timeoutMs)
        {
            for (int waited = 0; ; waited += 100)
            {
                if (Directory.Exists(drive)) return true;
                if (waited >= timeoutMs) return false;
                Thread.Sleep(100);
            }
        }
    }
}
