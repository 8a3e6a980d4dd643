namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>A version pair on the wire: <c>{"cloud": n, "edge": n}</c>, or null, or absent.</summary>
    public sealed class TwinVersion
    {
        /// <summary>A <see cref="Wire.Presence"/> constant.</summary>
        public int Presence;
        /// <summary>The cloud's counter: bumped by each cloud-originated change.</summary>
        public long Cloud;
        /// <summary>The edge's counter: bumped by each edge-originated change.</summary>
        public long Edge;

        /// <summary>Makes the pair present with these counters.</summary>
        public void Set(long cloud, long edge)
        {
            Presence = Wire.Presence.Value;
            Cloud = cloud;
            Edge = edge;
        }

        /// <summary>Back to absent, counters 0.</summary>
        public void Clear()
        {
            Presence = Wire.Presence.Absent;
            Cloud = 0;
            Edge = 0;
        }
    }
}
