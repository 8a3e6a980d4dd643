using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using EdgeNano.Tests.Foundation;

namespace EdgeNano.Tests.Storage;

/// <summary>
/// boards/NanoFramework/FlashStore.cs needs nanoFramework.System.IO.FileSystem, which does not
/// restore here, so nothing else compiles it. This compiles it, with the runtime's device code,
/// against nanoFramework's mscorlib plus a declaration-only outline of the file system API as
/// published in nanoFramework.System.IO.FileSystem 1.1.93 (the version the nfproj pins; its sources are those of 1.1.87): a member
/// the adapter uses that nanoFramework does not have, or C# above 9, fails here.
/// </summary>
public class FlashStoreCompilesTests
{
    // Public signatures of nanoFramework.System.IO.FileSystem 1.1.93 and the Stream base of
    // nanoFramework.System.IO.Streams, bodies left out. Notably: File.Move has no overwrite flag
    // (it throws when the target exists), File.Delete does nothing for a missing file.
    internal const string NanoFileSystemOutline = """
        namespace System.IO
        {
            public enum FileMode { CreateNew = 1, Create = 2, Open = 3, OpenOrCreate = 4, Truncate = 5, Append = 6 }
            public enum FileAccess { Read = 1, Write = 2, ReadWrite = 3 }
            public enum FileShare { None = 0, Read = 1, Write = 2, ReadWrite = 3 }
            public enum SeekOrigin { Begin = 0, Current = 1, End = 2 }
            public abstract class Stream : IDisposable
            {
                public abstract bool CanRead { get; }
                public abstract bool CanSeek { get; }
                public abstract bool CanWrite { get; }
                public abstract long Length { get; }
                public abstract long Position { get; set; }
                public virtual void Close() { }
                public void Dispose() { }
                public abstract void Flush();
                public abstract int Read(byte[] buffer, int offset, int count);
                public virtual int ReadByte() { return -1; }
                public abstract long Seek(long offset, SeekOrigin origin);
                public abstract void SetLength(long value);
                public abstract void Write(byte[] buffer, int offset, int count);
                public virtual void WriteByte(byte value) { }
            }
            public class FileStream : Stream
            {
                public FileStream(string path, FileMode mode) { }
                public FileStream(string path, FileMode mode, FileAccess access) { }
                public FileStream(string path, FileMode mode, FileAccess access, FileShare share) { }
                public FileStream(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize) { }
                public string Name { get { return null; } }
                public override bool CanRead { get { return false; } }
                public override bool CanSeek { get { return false; } }
                public override bool CanWrite { get { return false; } }
                public override long Length { get { return 0; } }
                public override long Position { get { return 0; } set { } }
                public override void Flush() { }
                public override int Read(byte[] buffer, int offset, int count) { return 0; }
                public override long Seek(long offset, SeekOrigin origin) { return 0; }
                public override void SetLength(long value) { }
                public override void Write(byte[] buffer, int offset, int count) { }
            }
            public sealed class DirectoryInfo { }
            public static class Directory
            {
                public static DirectoryInfo CreateDirectory(string path) { return null; }
                public static void Delete(string path) { }
                public static void Delete(string path, bool recursive) { }
                public static bool Exists(string path) { return false; }
                public static string GetCurrentDirectory() { return null; }
                public static string[] GetFiles(string path) { return null; }
                public static string[] GetDirectories(string path) { return null; }
                public static void Move(string sourceDirName, string destDirName) { }
            }
            public static class File
            {
                public static void Copy(string sourceFileName, string destFileName) { }
                public static void Copy(string sourceFileName, string destFileName, bool overwrite) { }
                public static FileStream Create(string path) { return null; }
                public static void Delete(string path) { }
                public static bool Exists(string path) { return false; }
                public static void Move(string sourceFileName, string destFileName) { }
                public static FileStream Open(string path, FileMode mode) { return null; }
                public static FileStream Open(string path, FileMode mode, FileAccess access) { return null; }
                public static FileStream OpenRead(string path) { return null; }
                public static FileStream OpenWrite(string path) { return null; }
                public static byte[] ReadAllBytes(string path) { return null; }
                public static void WriteAllBytes(string path, byte[] bytes) { }
            }
            public static class Path
            {
                public static string Combine(string path1, string path2) { return null; }
                public static string GetDirectoryName(string path) { return null; }
                public static string GetExtension(string path) { return null; }
                public static string GetFileName(string path) { return null; }
                public static string GetFullPath(string path) { return null; }
            }
        }
        """;

    private static IReadOnlyList<string> CompileWithRuntime(params string[] adapterSources)
    {
        return NanoCompiler.CheckWithDeviceLibraries("FlashStoreCheck", ["EdgeNano.Runtime"], adapterSources.Append(NanoFileSystemOutline));
    }

    private static string Adapter(string file) =>
        File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "boards", "NanoFramework", file));

    [Fact]
    public void The_nanoFramework_flash_store_compiles_against_nanoFramework_file_system_API()
    {
        Assert.Empty(CompileWithRuntime(Adapter("FlashStore.cs"), Adapter("FlashFileSystem.cs")));
    }

    [Fact]
    public void An_adapter_that_asks_File_Move_to_overwrite_does_not_compile_against_that_API()
    {
        // The desktop overload the host FileStore uses; nanoFramework has none, which is why
        // FileSystemStore renames the old file aside instead.
        string moving = "class Mover { void M() { System.IO.File.Move(\"I:\\\\a\", \"I:\\\\b\", true); } }";
        Assert.Contains(CompileWithRuntime(moving), e => e.Contains("CS1501"));
    }
}
