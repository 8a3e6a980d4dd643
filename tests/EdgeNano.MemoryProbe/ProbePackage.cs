using EdgeNano.DeviceTwin.Json;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.MemoryProbe
{
    /// <summary>
    /// The update server's side of one small package, in memory: a configuration-only package
    /// for esp32-devkitc (version 1.0.1, one 3,000-byte file "probe.cfg"), made once on the host
    /// with `edgenano ota keygen` and `edgenano ota pack --sequence 1000` under a throwaway key
    /// that signs nothing else. The announcement, the manifest result and every block result are
    /// built in the constructor (before the probe's baseline), so serving allocates nothing and
    /// only the device's heap is measured. Frames as docs/ota-protocol.md: "ENO1", kind, status,
    /// the package id's first 8 bytes, file, block, body.
    /// </summary>
    public sealed class ProbePackage
    {
        /// <summary>The throwaway key's public half (what settings.json "otaKeys" takes).</summary>
        public const string PublicKeyHex = "041e5bc6a21a81b7660156ccfaa32270002b74eceef37f96dd30c7ea2dbf5474d6" +
            "b8584fbdcfb0487a6ae8bc0ee0d250fc0a1dae4025404219461dec6a404225ce";
        /// <summary>The package's version: newer than the probe's running 1.0.0.</summary>
        public const string Version = "1.0.1";
        /// <summary>The file's length; its bytes are Content(i).</summary>
        public const int FileLength = 3000;

        private const string PackageIdHex = "b7d0c225335d788657bae5335c3f93ad4f4079c825641894a1cf1fc80a29069d";
        private const string ManifestJson = "{\"format\":1,\"version\":\"1.0.1\",\"board\":\"esp32-devkitc\",\"sequence\":1000," +
            "\"minRuntime\":\"1.0.0\",\"allowDowngrade\":false,\"files\":[{\"name\":\"probe.cfg\",\"size\":3000," +
            "\"sha256\":\"81b5478b79e780c4f6ef2a3a7aa2b9bff6fd5005e81a753846fa66b00f818c54\",\"kind\":\"config\"}]}";
        private const string SignatureHex = "a59c0e34438eb12aad658318c25f2d5a0efc97e8c4659143c23f462135edb18a" +
            "765de398955b8e29a2396b86ec0f7a40a7591c5381751c2fdeeaba231d0d24ce";

        private static readonly byte[] BlockKey = Utf8.Bytes("\"block\":");

        private readonly byte[] _announcement;
        private readonly byte[] _manifestResult;
        private readonly byte[][] _blockResults;

        /// <param name="blockSize">The device's otaBlockSize: the blocks it will ask for.</param>
        public ProbePackage(int blockSize)
        {
            byte[] id = new byte[32];
            Hex.TryDecode(PackageIdHex, id, 0);
            _announcement = Utf8.Bytes("{\"package\":\"" + PackageIdHex + "\",\"version\":\"" + Version + "\",\"size\":" + FileLength.ToString() + "}");

            byte[] manifest = Utf8.Bytes(ManifestJson);
            _manifestResult = Frame(1, id, 0, 64 + manifest.Length);
            Hex.TryDecode(SignatureHex, _manifestResult, 20);
            System.Array.Copy(manifest, 0, _manifestResult, 20 + 64, manifest.Length);

            _blockResults = new byte[(FileLength + blockSize - 1) / blockSize][];
            for (int block = 0; block < _blockResults.Length; block++)
            {
                int start = block * blockSize;
                int length = FileLength - start < blockSize ? FileLength - start : blockSize;
                byte[] frame = Frame(2, id, block, length);
                for (int i = 0; i < length; i++) frame[20 + i] = Content(start + i);
                _blockResults[block] = frame;
            }
        }

        /// <summary>The file's byte at offset i (the host wrote the same bytes before packing).</summary>
        public static byte Content(int i)
        {
            return (byte)(0x41 + (i * 7) % 26);
        }

        /// <summary>The retained announcement's payload.</summary>
        public byte[] Announcement { get { return _announcement; } }
        /// <summary>The answer to manifest/get: signature, then the manifest.</summary>
        public byte[] ManifestResult { get { return _manifestResult; } }
        /// <summary>How many blocks the file takes.</summary>
        public int BlockCount { get { return _blockResults.Length; } }

        /// <summary>The answer to block/get for a block of file 0, or null when there is no such block.</summary>
        public byte[] BlockResult(int block)
        {
            return block >= 0 && block < _blockResults.Length ? _blockResults[block] : null;
        }

        /// <summary>The number after "block": in a block/get request (-1 when absent).</summary>
        public static int RequestedBlock(byte[] request, int offset, int count)
        {
            byte[] key = BlockKey;
            for (int at = offset; at + key.Length < offset + count; at++)
            {
                int k = 0;
                while (k < key.Length && request[at + k] == key[k]) k++;
                if (k < key.Length) continue;
                int value = 0;
                int i = at + key.Length;
                while (i < offset + count && request[i] >= (byte)'0' && request[i] <= (byte)'9') value = value * 10 + (request[i++] - (byte)'0');
                return value;
            }
            return -1;
        }

        private static byte[] Frame(int kind, byte[] id, int block, int bodyLength)
        {
            byte[] frame = new byte[20 + bodyLength];
            frame[0] = (byte)'E';
            frame[1] = (byte)'N';
            frame[2] = (byte)'O';
            frame[3] = (byte)'1';
            frame[4] = (byte)kind;
            System.Array.Copy(id, 0, frame, 6, 8);
            frame[16] = (byte)(block >> 24);
            frame[17] = (byte)(block >> 16);
            frame[18] = (byte)(block >> 8);
            frame[19] = (byte)block;
            return frame;
        }
    }
}
