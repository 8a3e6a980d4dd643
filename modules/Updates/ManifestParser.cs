namespace EdgeNano.Updates
{
    /// <summary>Reads a package manifest's JSON (docs/ota-protocol.md) into an UpdateManifest, without allocating beyond its strings.</summary>
    public sealed class ManifestParser
    {
        /// <summary>
        /// Fills manifest from json[offset..offset+count). Returns null when it is well formed and
        /// within every limit, otherwise the ota_error text ("bad-manifest: detail").
        /// </summary>
        public string Parse(byte[] json, int offset, int count, UpdateManifest manifest)
        {
            throw new System.Exception("not written yet: ManifestParser.Parse");
        }
    }
}
