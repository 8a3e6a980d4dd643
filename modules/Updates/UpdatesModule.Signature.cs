namespace EdgeNano.Updates
{
    /// <summary>The manifest's signature against the trusted keys (otaKeys).</summary>
    public sealed partial class UpdatesModule
    {
        /// <summary>
        /// True when a trusted key verifies _signature over SHA-256 of the manifest (in _hash).
        /// Until the P-256 verifier (wip/crypto) is merged this refuses every manifest: fail
        /// closed, never a pretend check.
        /// </summary>
        private bool SignatureIsTrusted()
        {
            return false;
        }
    }
}
