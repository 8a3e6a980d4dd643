using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;

namespace EdgeNano.Updates
{
    /// <summary>
    /// Blocks: each file's blocks in manifest order, one global index over all of them for the
    /// bitmap. A block is written into the staging slot at block·size and marked once durable;
    /// the bitmap is saved every SaveEveryBlocks blocks and at the end.
    /// </summary>
    public sealed partial class UpdatesModule
    {
        private int _sinceSave;

        /// <summary>Lays the files' blocks out and takes up the download (resumed when the bitmap is for this package).</summary>
        private void BeginBlocks(long now)
        {
            int size = _options.BlockSize;
            int total = 0;
            for (int f = 0; f < _manifest.FileCount; f++)
            {
                _firstBlock[f] = total;
                total += (_manifest.FileSizes[f] + size - 1) / size;
            }
            _firstBlock[_manifest.FileCount] = total;
            if (total > _progress.Capacity)
            {
                Fail(OtaError.TooLarge, total.ToString() + " blocks do not fit the staging slot", true);
                return;
            }
            int staging = _boot.StagingSlot;
            if (_progress.Begin(_packageId, size, total))
            {
                Context.Log.Write(LogLevel.Info, Name, "resuming: " + _progress.Done.ToString() + " of " + total.ToString() + " blocks already staged");
            }
            else
            {
                // The old bitmap goes first: erased blocks must never be claimed by a record.
                if (_progress.Forget() != StoreResult.Ok || !_slots.Erase(staging) || _progress.Save() != StoreResult.Ok)
                {
                    Fail(OtaError.StoreFailed, "cannot prepare the staging slot", false);
                    return;
                }
                for (int f = 0; f < _manifest.FileCount; f++)
                {
                    // An empty file has no block to fetch, yet it must exist in the slot.
                    if (_manifest.FileSizes[f] == 0 && !_slots.WriteAt(staging, _manifest.FileNames[f], 0, _hash, 0, 0))
                    {
                        Fail(OtaError.StoreFailed, "cannot create " + _manifest.FileNames[f], false);
                        return;
                    }
                }
            }
            // The slot keeps its signed manifest: a device's loader reads it to know which
            // assemblies to load, in order, and checks their hashes again before loading them.
            // Written now (again when resuming: the same bytes), so the kept manifest result goes
            // back to the pool for the rest of the update.
            if (!_slots.WriteAt(staging, BootControl.ManifestFile, 0, _kept.Content, ManifestAt, _manifestLength))
            {
                Fail(OtaError.StoreFailed, "cannot keep the manifest in the staging slot", false);
                return;
            }
            ReleaseManifest();
            _phase = FetchingBlocks;
            _sinceSave = 0;
            UpdatePercent();
            AskNextBlock(now, 0);
        }

        /// <summary>Asks for the next missing block from index from on, or starts verifying when none is missing.</summary>
        private void AskNextBlock(long now, int from)
        {
            int next = _progress.Total == 0 ? -1 : _progress.NextMissing(from);
            if (next < 0)
            {
                if (_progress.Save() != StoreResult.Ok) _saveFailures++;
                BeginVerify();
                return;
            }
            _wantIndex = next;
            _wantFile = 0;
            while (_firstBlock[_wantFile + 1] <= next) _wantFile++;
            _wantBlock = next - _firstBlock[_wantFile];
            _retries = 0;
            Ask(now);
        }

        private void OnBlockResult(byte[] frame, int length)
        {
            if (_phase != FetchingBlocks || !ResultFrame.Matches(frame, length, ResultFrame.KindBlock, _packageId, _wantFile, _wantBlock))
            {
                _strays++;
                return;
            }
            int status = ResultFrame.Status(frame);
            if (status == ResultFrame.StatusUnknownPackage)
            {
                OnUnknownPackage();
                return;
            }
            string name = _manifest.FileNames[_wantFile];
            if (status != ResultFrame.StatusOk)
            {
                Fail(OtaError.Truncated, "the server has no block " + _wantBlock.ToString() + " of " + name, true);
                return;
            }
            int size = _options.BlockSize;
            int offset = _wantBlock * size;
            int expected = _manifest.FileSizes[_wantFile] - offset;
            if (expected > size) expected = size;
            int body = length - ResultFrame.HeaderSize;
            if (body != expected)
            {
                Fail(OtaError.Truncated, "block " + _wantBlock.ToString() + " of " + name + " has " + body.ToString() + " bytes, the manifest says " + expected.ToString(), true);
                return;
            }
            if (!_slots.WriteAt(_boot.StagingSlot, name, offset, frame, ResultFrame.HeaderSize, body))
            {
                Fail(OtaError.StoreFailed, "cannot write " + name, false);
                return;
            }
            _progress.Mark(_wantIndex);
            _blocksWritten++;
            if (++_sinceSave >= _options.SaveEveryBlocks)
            {
                _sinceSave = 0;
                if (_progress.Save() != StoreResult.Ok) _saveFailures++;
            }
            UpdatePercent();
            AskNextBlock(Context.Clock.NowMs, _wantIndex + 1);
        }

        /// <summary>The server no longer offers the package (withdrawn or replaced): back to idle, the bitmap kept.</summary>
        private void OnUnknownPackage()
        {
            Context.Log.Write(LogLevel.Info, Name, "the server no longer offers the package");
            _phase = Idle;
            SetState(OtaState.Idle, "");
        }

        private void UpdatePercent()
        {
            int total = _progress.Total;
            int percent = total == 0 ? 100 : (int)((long)_progress.Done * 100 / total);
            if (percent == _percent) return;
            _percent = percent;
            _reportDue = true;
        }
    }
}
