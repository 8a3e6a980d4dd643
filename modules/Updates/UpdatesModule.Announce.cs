using EdgeNano.DeviceTwin.Json;
using EdgeNano.Runtime;

namespace EdgeNano.Updates
{
    /// <summary>Announcements: {"package":"&lt;64 hex&gt;","version":...,"size":...}, retained; empty means withdrawn.</summary>
    public sealed partial class UpdatesModule
    {
        private void OnAnnouncement(byte[] payload, int length)
        {
            if (length == 0)
            {
                OnWithdrawn();
                return;
            }
            if (!ReadPackageId(payload, length, _announced))
            {
                _badAnnouncements++;
                return;
            }
            bool current = SameId(_announced, _packageId);
            if (current && (_phase == FetchingManifest || _phase == FetchingBlocks))
            {
                // The retained announcement comes again after every connect: ask again at once
                // instead of waiting out the timeout of a request the lost session swallowed.
                _retries = 0;
                Ask(Context.Clock.NowMs);
                return;
            }
            // A package is taken up only when the device is not already busy with one.
            if (_phase != Idle) return;
            if (_memory.WasActivated(_announced) || _memory.WasRefused(_announced)) return;
            System.Array.Copy(_announced, _packageId, 32);
            Context.Log.Write(LogLevel.Info, Name, "package announced; fetching its manifest");
            _percent = 0;
            SetState(OtaState.Downloading, "");
            _phase = FetchingManifest;
            _retries = 0;
            Ask(Context.Clock.NowMs);
        }

        private void OnWithdrawn()
        {
            if (_phase != FetchingManifest && _phase != FetchingBlocks) return;
            // The bitmap stays saved: offered again, the package resumes.
            Context.Log.Write(LogLevel.Info, Name, "package withdrawn; download stopped");
            _phase = Idle;
            SetState(OtaState.Idle, "");
        }

        /// <summary>The "package" member as 32 bytes; false when it is missing or not 64 hex digits.</summary>
        private bool ReadPackageId(byte[] payload, int length, byte[] id)
        {
            JsonReader r = _parser.Reader;
            if (!r.Reset(payload, 0, length) || !r.Read() || r.TokenType != JsonToken.StartObject) return false;
            while (r.Read() && r.TokenType == JsonToken.PropertyName)
            {
                bool isPackage = r.ValueEquals("package");
                if (!r.Read()) return false;
                if (isPackage)
                {
                    return r.TokenType == JsonToken.String && DecodeHex(r.ValueBuffer, r.ValueOffset, r.ValueLength, id);
                }
                if (r.TokenType == JsonToken.StartObject || r.TokenType == JsonToken.StartArray) r.Skip();
            }
            return false;
        }

        private static bool DecodeHex(byte[] text, int offset, int length, byte[] output)
        {
            if (length != output.Length * 2) return false;
            for (int i = 0; i < output.Length; i++)
            {
                int high = HexValue(text[offset + 2 * i]);
                int low = HexValue(text[offset + 2 * i + 1]);
                if (high < 0 || low < 0) return false;
                output[i] = (byte)((high << 4) | low);
            }
            return true;
        }

        private static int HexValue(int c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }

        private static bool SameId(byte[] a, byte[] b)
        {
            for (int i = 0; i < 32; i++)
            {
                if (a[i] != b[i]) return false;
            }
            return true;
        }
    }
}
