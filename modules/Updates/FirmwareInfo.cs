namespace EdgeNano.Updates
{
    /// <summary>The versions compiled into this build of the device code.</summary>
    public static class FirmwareInfo
    {
        /// <summary>The runtime's version: a package's minRuntime is compared with it.</summary>
        public const string RuntimeVersion = "1.0.0";

        /// <summary>The version of the application flashed with the toolchain (no slot active yet).</summary>
        public const string FactoryVersion = "1.0.0";
    }
}
