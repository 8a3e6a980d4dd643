using EdgeNano.Runtime;

namespace EdgeNano.Updates
{
    /// <summary>
    /// Verify: every staged file is read back from flash, its length and SHA-256 compared with the
    /// manifest. A few pieces per dispatcher turn, so other modules are served while a large file is
    /// hashed. The pieces are read into one of the pool's payload arrays borrowed for the turn (the
    /// module keeps no buffer of its own); when none is free the turn waits VerifyRetryMs.
    /// </summary>
    public sealed partial class UpdatesModule
    {
        /// <summary>How long verifying waits when the pool lends no payload array.</summary>
        private const int VerifyRetryMs = 20;

        private int _verifyFile;
        private int _verifyOffset;
        private long _verifyRetryAt;
        private int _verifyWaits;

        /// <summary>Verify turns that found no payload array free in the pool (each waited VerifyRetryMs).</summary>
        public int VerifyWaits { get { return _verifyWaits; } }

        private void BeginVerify()
        {
            _phase = Checking;
            _verifyFile = -1;
            _verifyRetryAt = 0;
            SetState(OtaState.Verifying, "");
            _percent = 100;
            NextFileToVerify();
            Context.Host.SetTimer(this, Context.Clock.NowMs);
        }

        /// <summary>Moves to the next file: checks its length and starts its hash. False when it failed (Fail was called).</summary>
        private bool NextFileToVerify()
        {
            _verifyFile++;
            _verifyOffset = 0;
            if (_verifyFile >= _manifest.FileCount) return true;
            string name = _manifest.FileNames[_verifyFile];
            int expected = _manifest.FileSizes[_verifyFile];
            int length = _slots.Length(_boot.StagingSlot, name);
            if (length != expected)
            {
                Fail(OtaError.Truncated, name + " is " + length.ToString() + " bytes staged, the manifest says " + expected.ToString(), true);
                return false;
            }
            _sha.Reset();
            return true;
        }

        private void VerifySome(long now)
        {
            if (now < _verifyRetryAt) return;
            Message borrowed = Context.Bus.RentForPayload();
            if (borrowed == null)
            {
                _verifyWaits++;
                _verifyRetryAt = now + VerifyRetryMs;
                return;
            }
            try
            {
                VerifyPieces(borrowed.Content);
            }
            finally
            {
                MessagePool.Release(borrowed);
            }
        }

        private void VerifyPieces(byte[] buffer)
        {
            for (int piece = 0; piece < _options.VerifyPiecesPerTurn; piece++)
            {
                if (_verifyFile >= _manifest.FileCount)
                {
                    Staged();
                    return;
                }
                string name = _manifest.FileNames[_verifyFile];
                int size = _manifest.FileSizes[_verifyFile];
                int want = size - _verifyOffset;
                if (want > buffer.Length) want = buffer.Length;
                if (want > 0)
                {
                    int read = _slots.ReadAt(_boot.StagingSlot, name, _verifyOffset, buffer, 0, want);
                    if (read <= 0)
                    {
                        Fail(OtaError.StoreFailed, "cannot read back " + name, false);
                        return;
                    }
                    _sha.Update(buffer, 0, read);
                    _verifyOffset += read;
                }
                if (_verifyOffset < size) continue;
                _sha.Final(_hash, 0);
                for (int i = 0; i < 32; i++)
                {
                    if (_hash[i] != _manifest.FileHashes[_verifyFile * 32 + i])
                    {
                        Fail(OtaError.HashMismatch, name + " does not match its SHA-256", true);
                        return;
                    }
                }
                if (!NextFileToVerify()) return;
            }
        }
    }
}
