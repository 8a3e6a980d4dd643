namespace EdgeNano.DeviceTwin
{
    /// <summary>
    /// One fixed byte array holding every twin key and value, so a board pays for the text it
    /// really has rather than 512 bytes per value slot. Each piece of text is a block named by a
    /// handle (a small number the owner keeps); blocks are appended at the top, freed blocks
    /// become garbage, and when the top is reached the live blocks slide down (compaction) and
    /// only their handles' offsets change. A block costs its length plus a 4-byte header.
    /// </summary>
    public sealed class ValueArena
    {
        /// <summary>Bytes of bookkeeping in front of each block: length and handle, 2 bytes each.</summary>
        public const int HeaderBytes = 4;
        /// <summary>Longest text a block can hold (its length has 2 bytes); twin text stays far below.</summary>
        public const int MaxTextLength = 0xFFFF;

        private readonly byte[] _bytes;
        private readonly int[] _offsets; // payload offset per handle, -1 when the handle holds nothing
        private int _top;
        private int _live;
        private int _compactions;

        /// <summary>An arena of the given size with handles 0..handleCount-1.</summary>
        public ValueArena(int capacityBytes, int handleCount)
        {
            if (capacityBytes < 0) throw new System.ArgumentOutOfRangeException("capacityBytes");
            if (handleCount < 1 || handleCount > 0xFFFF) throw new System.ArgumentOutOfRangeException("handleCount");
            _bytes = new byte[capacityBytes];
            _offsets = new int[handleCount];
            for (int i = 0; i < handleCount; i++) _offsets[i] = -1;
        }

        /// <summary>The arena's bytes: read a handle's text at <see cref="Offset"/> for <see cref="Length"/> bytes. Valid until the next change.</summary>
        public byte[] Bytes
        {
            get { return _bytes; }
        }

        /// <summary>Total size in bytes.</summary>
        public int Capacity
        {
            get { return _bytes.Length; }
        }

        /// <summary>Bytes held by live blocks, headers included.</summary>
        public int LiveBytes
        {
            get { return _live; }
        }

        /// <summary>How many times live blocks were slid down to reclaim garbage.</summary>
        public int Compactions
        {
            get { return _compactions; }
        }

        /// <summary>True when the handle holds a block (possibly of length 0).</summary>
        public bool Has(int handle)
        {
            return _offsets[handle] >= 0;
        }

        /// <summary>Where the handle's text starts in <see cref="Bytes"/>, -1 when it holds none.</summary>
        public int Offset(int handle)
        {
            return _offsets[handle];
        }

        /// <summary>Length of the handle's text; 0 when it holds none.</summary>
        public int Length(int handle)
        {
            int offset = _offsets[handle];
            if (offset < 0) return 0;
            return _bytes[offset - 4] | (_bytes[offset - 3] << 8);
        }

        /// <summary>True when blocks of these total text bytes (and count) would fit next to what is live now.</summary>
        public bool CanFit(int textBytes, int blocks)
        {
            return (long)_live + textBytes + (long)blocks * HeaderBytes <= _bytes.Length;
        }

        /// <summary>True when the handle holds exactly this text.</summary>
        public bool Equals(int handle, TwinText text)
        {
            int offset = _offsets[handle];
            return offset >= 0 && Json.Utf8.BytesEqual(_bytes, offset, Length(handle), text.Bytes, text.Offset, text.Length);
        }

        /// <summary>
        /// Gives the handle a block holding the text (its old block is freed first). False when
        /// the arena has no room even after compaction; the handle then holds nothing.
        /// </summary>
        public bool Store(int handle, TwinText text)
        {
            Free(handle);
            if (text.Length > MaxTextLength) return false;
            int need = text.Length + HeaderBytes;
            if (_top + need > _bytes.Length)
            {
                if (_live + need > _bytes.Length) return false;
                Compact();
            }
            int at = Place(handle, text.Length);
            if (text.Length > 0) System.Array.Copy(text.Bytes, text.Offset, _bytes, at, text.Length);
            return true;
        }

        /// <summary>As <see cref="Store"/>, copying from a byte array.</summary>
        public bool Store(int handle, byte[] source, int offset, int length)
        {
            return Store(handle, TwinText.Of(source, offset, length));
        }

        /// <summary>Frees the handle's block (nothing when it holds none).</summary>
        public void Free(int handle)
        {
            int offset = _offsets[handle];
            if (offset < 0) return;
            int size = Length(handle) + HeaderBytes;
            _offsets[handle] = -1;
            _live -= size;
            // The block on top can be taken back at once; others wait for compaction.
            if (offset - HeaderBytes + size == _top) _top = offset - HeaderBytes;
        }

        /// <summary>Hands a block from one handle to another (which must hold none); no bytes move.</summary>
        public void Move(int from, int to)
        {
            int offset = _offsets[from];
            Free(to);
            _offsets[from] = -1;
            _offsets[to] = offset;
            if (offset < 0) return;
            _bytes[offset - 2] = (byte)to;
            _bytes[offset - 1] = (byte)(to >> 8);
        }

        /// <summary>Frees every block.</summary>
        public void Clear()
        {
            for (int i = 0; i < _offsets.Length; i++) _offsets[i] = -1;
            _top = 0;
            _live = 0;
        }

        /// <summary>Slides live blocks down over the garbage; only offsets change, handles stay.</summary>
        public void Compact()
        {
            int read = 0;
            int write = 0;
            while (read < _top)
            {
                int length = _bytes[read] | (_bytes[read + 1] << 8);
                int handle = _bytes[read + 2] | (_bytes[read + 3] << 8);
                int size = length + HeaderBytes;
                if (handle < _offsets.Length && _offsets[handle] == read + HeaderBytes)
                {
                    if (write != read) System.Array.Copy(_bytes, read, _bytes, write, size);
                    _offsets[handle] = write + HeaderBytes;
                    write += size;
                }
                read += size;
            }
            _top = write;
            _compactions++;
        }

        private int Place(int handle, int length)
        {
            int at = _top;
            _bytes[at] = (byte)length;
            _bytes[at + 1] = (byte)(length >> 8);
            _bytes[at + 2] = (byte)handle;
            _bytes[at + 3] = (byte)(handle >> 8);
            _offsets[handle] = at + HeaderBytes;
            _top = at + length + HeaderBytes;
            _live += length + HeaderBytes;
            return at + HeaderBytes;
        }
    }
}
