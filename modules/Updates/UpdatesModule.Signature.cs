using EdgeNano.Updates.Crypto;

namespace EdgeNano.Updates
{
    /// <summary>The manifest's signature against the trusted keys (otaKeys): any one of them will do, so a key can be rotated.</summary>
    public sealed partial class UpdatesModule
    {
        private readonly EcdsaP256Verifier _verifier = new EcdsaP256Verifier();

        /// <summary>True when a trusted key verifies _signature over SHA-256 of the manifest (in _hash).</summary>
        private bool SignatureIsTrusted()
        {
            byte[][] keys = _options.Keys;
            for (int k = 0; k < keys.Length; k++)
            {
                byte[] key = keys[k];
                if (key != null && _verifier.Verify(key, 0, key.Length, _hash, 0, _signature, 0, _signature.Length)) return true;
            }
            return false;
        }
    }
}
