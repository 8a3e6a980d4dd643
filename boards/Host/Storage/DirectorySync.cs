using System.Runtime.InteropServices;

namespace EdgeNano.Boards.Host.Storage;

/// <summary>
/// fsync(2) on a folder: .NET cannot open a folder as a stream, so the folder is opened
/// read-only through libc and its descriptor synced (Linux, macOS).
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0;

    /// <summary>True when the folder's entries are on the disk.</summary>
    public static bool Sync(string directory)
    {
        int descriptor = Open(directory, ReadOnly);
        if (descriptor < 0) return false;
        try
        {
            return FileSync(descriptor) == 0;
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    // DllImport rather than LibraryImport: the generated stubs would need unsafe code in this project.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FileSync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
