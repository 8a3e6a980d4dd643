using System.Threading;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Network;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Updates
{
    /// <summary>
    /// The manifest's signature against the trusted keys (otaKeys): any one of them will do, so a
    /// key can be rotated. A P-256 verification takes seconds under nanoCLR (docs/benchmarks-crypto.md),
    /// so it runs on the board's blocking-work thread, not on the dispatcher that every module
    /// shares; the dispatcher goes on with twin, gpio and the session meanwhile. While it runs the
    /// module is in CheckingSignature: announcements and stray frames leave the inputs alone.
    /// </summary>
    public sealed partial class UpdatesModule
    {
        private const int SignatureUnknown = 0;
        private const int SignatureTrusted = 1;
        private const int SignatureRefused = 2;
        /// <summary>How soon to try again when the blocking-work queue was full.</summary>
        private const int SignatureResubmitMs = 100;

        private readonly EcdsaP256Verifier _verifier = new EcdsaP256Verifier();
        private SignatureJob _signatureJob;
        private int _signatureOutcome;
        private long _signatureResubmitAt;

        /// <summary>Hands the check of the kept frame's signature over _hash to the blocking-work thread.</summary>
        private void BeginSignatureCheck(long now)
        {
            if (_signatureJob == null) _signatureJob = new SignatureJob(this);
            Interlocked.Exchange(ref _signatureOutcome, SignatureUnknown);
            _phase = CheckingSignature;
            _signatureResubmitAt = long.MaxValue;
            if (!_work.Submit(_signatureJob))
            {
                _signatureResubmitAt = now + SignatureResubmitMs;
                Context.Host.SetTimer(this, _signatureResubmitAt);
            }
        }

        /// <summary>On the dispatcher: goes on once the worker has answered (or resubmits after a full queue).</summary>
        private void CheckSignatureOutcome(long now)
        {
            int outcome = Interlocked.CompareExchange(ref _signatureOutcome, SignatureUnknown, SignatureUnknown);
            if (outcome == SignatureUnknown)
            {
                if (now >= _signatureResubmitAt)
                {
                    _signatureResubmitAt = _work.Submit(_signatureJob) ? long.MaxValue : now + SignatureResubmitMs;
                }
                return;
            }
            if (outcome == SignatureRefused)
            {
                Fail(OtaError.BadSignature, "no trusted key verifies the manifest", true);
                return;
            }
            AcceptSignedManifest();
        }

        /// <summary>True when a trusted key verifies the kept frame's signature over SHA-256 of the manifest (in _hash). Worker thread.</summary>
        private bool SignatureIsTrusted()
        {
            // Read once: a Stop on the dispatcher may release the kept result meanwhile (the
            // outcome is then dropped with the module's state).
            Message kept = _kept;
            if (kept == null) return false;
            byte[] frame = kept.Content;
            byte[][] keys = _options.Keys;
            for (int k = 0; k < keys.Length; k++)
            {
                byte[] key = keys[k];
                if (key != null && _verifier.Verify(key, 0, key.Length, _hash, 0, frame, ResultFrame.HeaderSize, ResultFrame.SignatureLength)) return true;
            }
            return false;
        }

        private void SignatureChecked(bool trusted)
        {
            Interlocked.Exchange(ref _signatureOutcome, trusted ? SignatureTrusted : SignatureRefused);
            ModuleContext context = Context;
            if (context != null) context.Host.SetTimer(this, context.Clock.NowMs);
        }

        /// <summary>The one job object, made once: the check itself allocates nothing.</summary>
        private sealed class SignatureJob : IBlockingJob
        {
            private readonly UpdatesModule _module;

            public SignatureJob(UpdatesModule module)
            {
                _module = module;
            }

            public void Run()
            {
                bool trusted = false;
                try
                {
                    trusted = _module.SignatureIsTrusted();
                }
                finally
                {
                    _module.SignatureChecked(trusted);
                }
            }
        }
    }
}
