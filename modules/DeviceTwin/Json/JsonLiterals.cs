namespace EdgeNano.DeviceTwin.Json
{
    /// <summary>The literals true, false and null as bytes, for the reader to match and the writer to copy.</summary>
    internal static class JsonLiterals
    {
        public static readonly byte[] True = new byte[] { (byte)'t', (byte)'r', (byte)'u', (byte)'e' };
        public static readonly byte[] False = new byte[] { (byte)'f', (byte)'a', (byte)'l', (byte)'s', (byte)'e' };
        public static readonly byte[] Null = new byte[] { (byte)'n', (byte)'u', (byte)'l', (byte)'l' };
    }
}
