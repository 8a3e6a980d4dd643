namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>A version pair on the wire: <c>{"cloud": n, "edge": n}</c>, or null, or absent.</summary>
    public sealed class TwinVersion
    {
        /// <summary>A <see cref="Wire.Presence"/> constant.</summary>
        public int Presence;
        public long Cloud;
        public long Edge;

        public void Set(long cloud, long edge)
        {
            Presence = Wire.Presence.Value;
            Cloud = cloud;
            Edge = edge;
        }

        public void Clear()
        {
            Presence = Wire.Presence.Absent;
            Cloud = 0;
            Edge = 0;
        }
    }
}
