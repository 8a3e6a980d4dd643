namespace EdgeNano.DeviceTwin.Wire
{
    /// <summary>A view of a version pair on the wire: <c>{"cloud": n, "edge": n}</c>, or null, or absent.</summary>
    public sealed class TwinVersion
    {
        private readonly TwinMessage _message;
        private readonly int _property;
        private readonly int _twin;
        private readonly int _side;

        internal TwinVersion(TwinMessage message, int property, int twin, int side)
        {
            _message = message;
            _property = property;
            _twin = twin;
            _side = side;
        }

        /// <summary>A <see cref="Wire.Presence"/> constant.</summary>
        public int Presence
        {
            get { return _message.VersionPresence(_property, _twin, _side); }
            set { _message.SetVersionPresence(_property, _twin, _side, value); }
        }

        /// <summary>The cloud's counter: bumped by each cloud-originated change.</summary>
        public long Cloud
        {
            get { return _message.VersionCloud(_property, _twin, _side); }
            set { _message.SetVersionCloud(_property, _twin, _side, value); }
        }

        /// <summary>The edge's counter: bumped by each edge-originated change.</summary>
        public long Edge
        {
            get { return _message.VersionEdge(_property, _twin, _side); }
            set { _message.SetVersionEdge(_property, _twin, _side, value); }
        }

        /// <summary>Makes the pair present with these counters.</summary>
        public void Set(long cloud, long edge)
        {
            _message.SetVersion(_property, _twin, _side, cloud, edge);
        }

        /// <summary>Back to absent, counters 0.</summary>
        public void Clear()
        {
            _message.SetVersionPresence(_property, _twin, _side, Wire.Presence.Absent);
            _message.SetVersionCloud(_property, _twin, _side, 0);
            _message.SetVersionEdge(_property, _twin, _side, 0);
        }
    }
}
