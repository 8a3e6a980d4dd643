namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// The event ids of the requests a board sends its twin owner (twin/update, twin/get), and
    /// whether the event_id a result echoes is one of them. Results come on topics every client
    /// of a device shares: edgecore answers another client's bad twin/update with a 400 on the
    /// device's own twin/update/result, so a board that took every result for its own counted
    /// others' refusals as its own.
    /// <para>
    /// An id is a prefix drawn once per boot and a counter: "k3x9qa-17". It is written as digits
    /// into one small array (<see cref="Next"/>), so a request costs no allocation, and a result
    /// is recognised without a table: its id must carry this boot's prefix and a number among the
    /// last <see cref="Window"/> handed out. The board's modules share one instance; they run on
    /// the one dispatcher, so it needs no lock.
    /// </para>
    /// </summary>
    public sealed class EventIds
    {
        /// <summary>How many of the latest ids count as recent: far more than are ever in flight.</summary>
        public const int Window = 1024;
        /// <summary>Characters of the per-boot prefix, before its '-'.</summary>
        public const int PrefixChars = 6;

        // The prefix, its '-', and room for the digits of any int.
        private readonly byte[] _id = new byte[PrefixChars + 1 + 10];
        private int _length;
        private int _last;

        /// <param name="seed">Seed of the prefix's random draw; 0 draws it from the platform's seed (each boot its own).</param>
        public EventIds(int seed)
        {
            System.Random random = seed == 0 ? new System.Random() : new System.Random(seed);
            for (int i = 0; i < PrefixChars; i++)
            {
                int c = random.Next(36);
                _id[i] = (byte)(c < 10 ? '0' + c : 'a' + c - 10);
            }
            _id[PrefixChars] = (byte)'-';
        }

        /// <summary>Ids handed out so far.</summary>
        public int Issued { get { return _last; } }

        /// <summary>
        /// Writes the next id and returns the array holding it (the same array every time; its
        /// <see cref="Length"/> bytes from 0 are the id). Read it before the next call.
        /// </summary>
        public byte[] Next()
        {
            // Ids wrap after int.MaxValue requests (years at the rate limit); the oldest then stop matching.
            _last = _last == int.MaxValue ? 1 : _last + 1;
            int digits = 1;
            for (int n = _last / 10; n > 0; n /= 10) digits++;
            _length = PrefixChars + 1 + digits;
            int value = _last;
            for (int i = _length - 1; i > PrefixChars; i--)
            {
                _id[i] = (byte)('0' + value % 10);
                value /= 10;
            }
            return _id;
        }

        /// <summary>The length in bytes of the id <see cref="Next"/> wrote last.</summary>
        public int Length { get { return _length; } }

        /// <summary>True when the UTF-8 text is one of the last <see cref="Window"/> ids this instance handed out.</summary>
        public bool IsRecent(byte[] text, int offset, int length)
        {
            int digits = length - PrefixChars - 1;
            if (text == null || digits < 1 || digits > 10 || offset < 0 || offset + length > text.Length) return false;
            for (int i = 0; i <= PrefixChars; i++)
            {
                if (text[offset + i] != _id[i]) return false;
            }
            long number = 0;
            for (int i = offset + PrefixChars + 1; i < offset + length; i++)
            {
                int digit = text[i] - '0';
                if (digit < 0 || digit > 9) return false;
                number = number * 10 + digit;
            }
            return number >= 1 && number <= _last && number > (long)_last - Window;
        }
    }
}
