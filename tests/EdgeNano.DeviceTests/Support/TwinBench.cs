using EdgeNano.DeviceTwin;

namespace EdgeNano.DeviceTests.Support
{
    /// <summary>
    /// A twin store with one registered device, and short ways to send it one property per
    /// message: a null argument leaves that field out of the message, as an omitted JSON field.
    /// Values are read back as text; version pairs as "cloud/edge".
    /// </summary>
    public sealed class TwinBench
    {
        public const string DeviceId = "default/thermo-01";
        public readonly TestClock Clock = new TestClock(1000);
        public readonly TwinStore Store;
        public readonly int Device;
        private readonly TwinUpdate _update;

        public TwinBench() : this(new TwinConfig())
        {
        }

        public TwinBench(TwinConfig config)
        {
            Store = new TwinStore(config, Clock);
            Device = Store.RegisterDevice(DeviceId);
            _update = new TwinUpdate(config.PropertiesPerDevice);
        }

        /// <summary>An edge update (what the device itself reports) of one property.</summary>
        public TwinResult Edge(string key, string expected, string actual, string type)
        {
            _update.Clear();
            Put(_update, key, expected, actual, type);
            return Store.ApplyEdgeUpdate(Device, _update);
        }

        public TwinResult EdgeActual(string key, string actual)
        {
            return Edge(key, null, actual, null);
        }

        public TwinResult EdgeDelete(string key)
        {
            _update.Clear();
            _update.SetDelete(_update.Add(key));
            return Store.ApplyEdgeUpdate(Device, _update);
        }

        public TwinResult EdgeOptional(string key, string actual, bool optional)
        {
            _update.Clear();
            int change = Put(_update, key, null, actual, null);
            _update.SetOptional(change, optional);
            return Store.ApplyEdgeUpdate(Device, _update);
        }

        /// <summary>A cloud sync of one property's expected value with its version pair.</summary>
        public TwinResult SyncExpected(string key, string value, long cloud, long edge)
        {
            _update.Clear();
            int change = Put(_update, key, value, null, null);
            _update.SetExpectedVersion(change, cloud, edge);
            return Store.ApplyCloudSync(Device, _update);
        }

        /// <summary>A cloud sync of one property's actual value with its version pair.</summary>
        public TwinResult SyncActual(string key, string value, long cloud, long edge)
        {
            _update.Clear();
            int change = Put(_update, key, null, value, null);
            _update.SetActualVersion(change, cloud, edge);
            return Store.ApplyCloudSync(Device, _update);
        }

        /// <summary>A cloud sync that carries no version pair (edgecore refuses those).</summary>
        public TwinResult SyncExpectedWithoutVersion(string key, string value)
        {
            _update.Clear();
            Put(_update, key, value, null, null);
            return Store.ApplyCloudSync(Device, _update);
        }

        /// <summary>The update the next Apply* call sends, for messages of several properties.</summary>
        public TwinUpdate NewUpdate()
        {
            _update.Clear();
            return _update;
        }

        public static int Put(TwinUpdate update, string key, string expected, string actual, string type)
        {
            int change = update.Add(key);
            if (expected != null) update.SetExpected(change, expected);
            if (actual != null) update.SetActual(change, actual);
            if (type != null) update.SetType(change, type);
            return change;
        }

        public int Slot(string key)
        {
            return Store.FindProperty(Device, key);
        }

        /// <summary>The expected value as text, null when the property has none.</summary>
        public string Expected(string key)
        {
            int slot = Slot(key);
            if (slot < 0 || !Store.HasExpected(slot)) return null;
            return TestBytes.AsciiText(Store.ArenaBytes, Store.ExpectedOffset(slot), Store.ExpectedLength(slot));
        }

        /// <summary>The actual value as text, null when the property has none.</summary>
        public string Actual(string key)
        {
            int slot = Slot(key);
            if (slot < 0 || !Store.HasActual(slot)) return null;
            return TestBytes.AsciiText(Store.ArenaBytes, Store.ActualOffset(slot), Store.ActualLength(slot));
        }

        public string Type(string key)
        {
            return TwinType.Name(Store.Type(Slot(key)));
        }

        public string ExpectedVersion(string key)
        {
            int slot = Slot(key);
            return Store.ExpectedCloudVersion(slot).ToString() + "/" + Store.ExpectedEdgeVersion(slot).ToString();
        }

        public string ActualVersion(string key)
        {
            int slot = Slot(key);
            return Store.ActualCloudVersion(slot).ToString() + "/" + Store.ActualEdgeVersion(slot).ToString();
        }

        public string Key(int slot)
        {
            return TestBytes.AsciiText(Store.ArenaBytes, Store.KeyOffset(slot), Store.KeyLength(slot));
        }

        /// <summary>The keys of a result's delta in row order, comma separated ("" when empty).</summary>
        public string DeltaKeys(TwinResult result)
        {
            string keys = "";
            for (int i = 0; i < result.DeltaCount; i++) keys += (i == 0 ? "" : ",") + Key(result.DeltaSlot(i));
            return keys;
        }
    }
}
