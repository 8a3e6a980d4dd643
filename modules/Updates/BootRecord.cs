using EdgeNano.Runtime.Storage;

namespace EdgeNano.Updates
{
    /// <summary>
    /// The boot decision as it is kept on flash (the payload of a SnapshotRecord under
    /// BootControl.StoreKey). One buffer, allocated once; strings are stored as single bytes
    /// (versions and reasons are ASCII; anything else becomes '?'). Payload layout:
    /// <code>
    /// 0  active slot + 1        (0 factory, 1 slot 0, 2 slot 1)
    /// 1  previous slot + 1
    /// 2  flags                  (bit 0 on trial, bit 1 roll-back requested by the trial)
    /// 3  boots of the trial so far
    /// 4  active version         (length byte, then the bytes)
    /// .. previous version       (length byte, then the bytes)
    /// .. reason of the last roll-back (length byte, then the bytes; empty when none)
    /// </code>
    /// </summary>
    public sealed class BootRecord
    {
        /// <summary>Longest version string kept ("65535.65535.65535" is 17).</summary>
        public const int MaxVersionLength = 32;
        /// <summary>Longest roll-back reason kept; a longer one is cut (it is for people to read).</summary>
        public const int MaxReasonLength = 200;

        private const int FlagTrial = 1;
        private const int FlagRollBackRequested = 2;
        private const int FixedBytes = 4;
        private const int MaxPayload = FixedBytes + 1 + MaxVersionLength + 1 + MaxVersionLength + 1 + MaxReasonLength;

        /// <summary>The slot the next boot runs (BootControl.FactorySlot, 0 or 1).</summary>
        public int ActiveSlot;
        public string ActiveVersion;
        /// <summary>Where a failed trial returns to.</summary>
        public int PreviousSlot;
        public string PreviousVersion;
        /// <summary>The active slot has not been confirmed yet.</summary>
        public bool Trial;
        /// <summary>Boots of the trial counted so far (0 or 1: a second is never allowed).</summary>
        public int TrialBoots;
        /// <summary>The running trial gave up (BootControl.RollBack): the next boot returns to PreviousSlot.</summary>
        public bool RollBackRequested;
        /// <summary>Why the last roll-back happened or was requested ("code: detail"), null when none.</summary>
        public string Reason;

        private readonly byte[] _buffer = new byte[SnapshotRecord.HeaderSize + MaxPayload];

        /// <summary>The record buffer (header and payload) the store reads into and writes from.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Forgets everything: the factory application, confirmed.</summary>
        public void SetFactory(string factoryVersion)
        {
            ActiveSlot = BootControl.FactorySlot;
            ActiveVersion = factoryVersion;
            PreviousSlot = BootControl.FactorySlot;
            PreviousVersion = factoryVersion;
            Trial = false;
            TrialBoots = 0;
            RollBackRequested = false;
            Reason = null;
        }

        /// <summary>Copies every field from other.</summary>
        public void CopyFrom(BootRecord other)
        {
            ActiveSlot = other.ActiveSlot;
            ActiveVersion = other.ActiveVersion;
            PreviousSlot = other.PreviousSlot;
            PreviousVersion = other.PreviousVersion;
            Trial = other.Trial;
            TrialBoots = other.TrialBoots;
            RollBackRequested = other.RollBackRequested;
            Reason = other.Reason;
        }

        /// <summary>Reads and checks the record: the store's or the frame's result, Corrupt when the payload does not decode.</summary>
        public StoreResult Load(IStore store)
        {
            int length;
            StoreResult result = SnapshotRecord.Load(store, BootControl.StoreKey, _buffer, out length);
            if (result == StoreResult.TooLarge) return StoreResult.Corrupt; // no record of ours is that long
            if (result != StoreResult.Ok) return result;
            return Decode(length) ? StoreResult.Ok : StoreResult.Corrupt;
        }

        /// <summary>Replaces the stored record with these fields, all or nothing.</summary>
        public StoreResult Save(IStore store)
        {
            int length = SnapshotRecord.Seal(_buffer, Encode());
            return store.Replace(BootControl.StoreKey, _buffer, length);
        }

        private int Encode()
        {
            int at = SnapshotRecord.PayloadOffset;
            _buffer[at] = (byte)(ActiveSlot + 1);
            _buffer[at + 1] = (byte)(PreviousSlot + 1);
            _buffer[at + 2] = (byte)((Trial ? FlagTrial : 0) | (RollBackRequested ? FlagRollBackRequested : 0));
            _buffer[at + 3] = (byte)TrialBoots;
            at += FixedBytes;
            at = PutText(ActiveVersion, MaxVersionLength, at);
            at = PutText(PreviousVersion, MaxVersionLength, at);
            at = PutText(Reason, MaxReasonLength, at);
            return at - SnapshotRecord.PayloadOffset;
        }

        private bool Decode(int payloadLength)
        {
            int at = SnapshotRecord.PayloadOffset;
            int end = at + payloadLength;
            if (payloadLength < FixedBytes + 3) return false;
            int active = _buffer[at] - 1;
            int previous = _buffer[at + 1] - 1;
            int flags = _buffer[at + 2];
            int boots = _buffer[at + 3];
            // A CRC-intact record with impossible values was not written by this code: treat it
            // like a corrupt one rather than guess.
            if (!IsSlot(active) || !IsSlot(previous) || (flags & ~(FlagTrial | FlagRollBackRequested)) != 0 || boots > 1)
                return false;
            at += FixedBytes;
            string activeVersion = TakeText(ref at, end, MaxVersionLength);
            string previousVersion = TakeText(ref at, end, MaxVersionLength);
            string reason = TakeText(ref at, end, MaxReasonLength);
            if (activeVersion == null || previousVersion == null || reason == null || at != end) return false;
            if (activeVersion.Length == 0 || previousVersion.Length == 0) return false;
            ActiveSlot = active;
            PreviousSlot = previous;
            Trial = (flags & FlagTrial) != 0;
            RollBackRequested = (flags & FlagRollBackRequested) != 0;
            TrialBoots = boots;
            ActiveVersion = activeVersion;
            PreviousVersion = previousVersion;
            Reason = reason.Length == 0 ? null : reason;
            return true;
        }

        private static bool IsSlot(int slot)
        {
            return slot == BootControl.FactorySlot || slot == 0 || slot == 1;
        }

        // Printable ASCII as it is, anything else as '?' (a pair beyond U+FFFF as "??").
        private int PutText(string text, int maxLength, int at)
        {
            char[] chars = text == null ? new char[0] : text.ToCharArray();
            int length = chars.Length;
            if (length > maxLength) length = maxLength;
            _buffer[at++] = (byte)length;
            for (int i = 0; i < length; i++)
            {
                char c = chars[i];
                _buffer[at++] = c >= ' ' && c < (char)127 ? (byte)c : (byte)'?';
            }
            return at;
        }

        /// <summary>The text at `at` (advanced past it), or null when it overruns the payload or its limit.</summary>
        private string TakeText(ref int at, int end, int maxLength)
        {
            if (at >= end) return null;
            int length = _buffer[at++];
            if (length > maxLength || at + length > end) return null;
            if (length == 0) return "";
            // Printable ASCII only (PutText wrote it): UTF-8 decoding gives the same text. Boot
            // time only, so the decoder's transient array costs nothing kept.
            string text = EdgeNano.DeviceTwin.Json.Utf8.ToString(_buffer, at, length);
            at += length;
            return text;
        }
    }
}
