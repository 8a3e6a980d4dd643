namespace EdgeNano.Updates
{
    /// <summary>"major.minor.patch" versions (each 0–65535), compared as one packed number.</summary>
    public static class FirmwareVersion
    {
        /// <summary>The packed value (major·2³² + minor·2¹⁶ + patch), or -1 when the text is not a valid version.</summary>
        public static long Parse(string text)
        {
            throw new System.Exception("not written yet: FirmwareVersion.Parse");
        }
    }
}
