using System.Collections;

namespace EdgeNano.Board
{
    /// <summary>A device (twin) the board hosts: its KubeEdge id and the pins bound to its properties.</summary>
    public sealed class BoardDevice
    {
        private readonly ArrayList _properties = new ArrayList();

        /// <summary>The KubeEdge device id, "namespace/name".</summary>
        public string Id;

        public int PropertyCount
        {
            get { return _properties.Count; }
        }

        public PinBinding PropertyAt(int index)
        {
            return (PinBinding)_properties[index];
        }

        /// <summary>The property with this key, or null.</summary>
        public PinBinding FindProperty(string key)
        {
            for (int i = 0; i < _properties.Count; i++)
            {
                PinBinding binding = (PinBinding)_properties[i];
                if (binding.Key == key) return binding;
            }
            return null;
        }

        internal void Add(PinBinding binding)
        {
            _properties.Add(binding);
        }
    }
}
