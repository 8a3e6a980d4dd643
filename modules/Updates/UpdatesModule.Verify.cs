namespace EdgeNano.Updates
{
    /// <summary>
    /// Verify: every staged file is read back from flash through the module's buffer, its length and
    /// SHA-256 compared with the manifest. A few pieces per dispatcher turn, so other modules are
    /// served while a large file is hashed.
    /// </summary>
    public sealed partial class UpdatesModule
    {
        private int _verifyFile;
        private int _verifyOffset;

        private void BeginVerify()
        {
            _phase = Checking;
            _verifyFile = -1;
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

        private void VerifySome()
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
                if (want > _buffer.Length) want = _buffer.Length;
                if (want > 0)
                {
                    int read = _slots.ReadAt(_boot.StagingSlot, name, _verifyOffset, _buffer, 0, want);
                    if (read <= 0)
                    {
                        Fail(OtaError.StoreFailed, "cannot read back " + name, false);
                        return;
                    }
                    _sha.Update(_buffer, 0, read);
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
