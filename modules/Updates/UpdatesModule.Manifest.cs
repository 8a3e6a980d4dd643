using EdgeNano.Runtime;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Updates
{
    /// <summary>
    /// The manifest result: 64-byte signature then the manifest. The manifest must hash to the
    /// announced package id, carry a signature a trusted key verifies, parse, and pass the rules
    /// (board, version, sequence, runtime, size); any refusal is remembered.
    /// </summary>
    public sealed partial class UpdatesModule
    {
        /// <summary>Where the manifest starts in its result frame: after the header and the signature.</summary>
        private const int ManifestAt = ResultFrame.HeaderSize + ResultFrame.SignatureLength;

        private void OnManifestResult(Message message)
        {
            byte[] frame = message.Content;
            int length = message.ContentLength;
            if (_phase != FetchingManifest || !ResultFrame.Matches(frame, length, ResultFrame.KindManifest, _packageId, 0, 0))
            {
                _strays++;
                return;
            }
            if (ResultFrame.Status(frame) != ResultFrame.StatusOk)
            {
                OnUnknownPackage();
                return;
            }
            int manifestLength = length - ResultFrame.HeaderSize - ResultFrame.SignatureLength;
            if (manifestLength <= 0 || manifestLength > UpdateManifest.MaxBytes)
            {
                Fail(OtaError.BadManifest, "manifest of " + manifestLength.ToString() + " bytes", true);
                return;
            }
            Sha256.Hash(frame, ManifestAt, manifestLength, _hash, 0);
            for (int i = 0; i < 32; i++)
            {
                if (_hash[i] != _packageId[i])
                {
                    Fail(OtaError.BadManifest, "the manifest does not hash to the announced package id", true);
                    return;
                }
            }
            // Kept (not copied) until BeginBlocks has written it into the staging slot.
            ReleaseManifest();
            Context.Bus.Keep(message);
            _kept = message;
            _manifestLength = manifestLength;
            BeginSignatureCheck(Context.Clock.NowMs);
        }

        /// <summary>A trusted key signed it: parse, check the rules, and start on the blocks.</summary>
        private void AcceptSignedManifest()
        {
            int manifestLength = _manifestLength;
            _manifest.Clear();
            string refusal = _parser.Parse(_kept.Content, ManifestAt, manifestLength, _manifest);
            if (refusal == null)
            {
                refusal = ManifestRules.Check(_manifest, _boardId, _boot.RunningVersion, FirmwareInfo.RuntimeVersion,
                    _memory.LastSequence, _slots.SlotCapacity);
            }
            if (refusal != null)
            {
                RefuseWith(refusal);
                return;
            }
            Context.Log.Write(LogLevel.Info, Name, "manifest of " + _manifest.Version + " accepted: " + _manifest.FileCount.ToString() + " file(s), " +
                _manifest.TotalSize.ToString() + " bytes");
            BeginBlocks(Context.Clock.NowMs);
        }

        /// <summary>A refusal text from the parser or the rules is already "code: detail".</summary>
        private void RefuseWith(string refusal)
        {
            int colon = refusal.IndexOf(':');
            string code = colon < 0 ? refusal : refusal.Substring(0, colon);
            string detail = colon < 0 ? "" : refusal.Substring(colon + 1).Trim();
            Fail(code, detail, true);
        }
    }
}
