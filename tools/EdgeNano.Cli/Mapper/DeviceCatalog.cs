using EdgeNano.Cli.Mapper.Dmi;

namespace EdgeNano.Cli.Mapper;

// DMI's Device, not the `edgenano device` command's namespace.
using Device = EdgeNano.Cli.Mapper.Dmi.Device;

/// <summary>
/// The devices and models edgecore has handed the mapper, and each device read against its
/// model (<see cref="MappedDevice"/>). A change to a model re-reads the devices that use it.
/// Every change is told to <see cref="Changed"/> (device id, and the device now or null when it
/// is gone), outside the lock. Thread-safe.
/// </summary>
internal sealed class DeviceCatalog(string protocol, TimeSpan defaultReportCycle)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Device> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeviceModel> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MappedDevice> _mapped = new(StringComparer.Ordinal);

    /// <summary>Called for every device added, changed (also by its model) or removed (null).</summary>
    public Action<string, MappedDevice?>? Changed { get; set; }

    /// <summary>The devices served now.</summary>
    public IReadOnlyList<MappedDevice> Devices
    {
        get { lock (_gate) return [.. _mapped.Values]; }
    }

    public MappedDevice? Find(string id)
    {
        lock (_gate) return _mapped.GetValueOrDefault(id);
    }

    public void PutDevice(Device device)
    {
        string id = DmiInputCheck.NamespaceOf(device.Namespace) + "/" + device.Name;
        MappedDevice mapped;
        lock (_gate)
        {
            _devices[id] = device;
            mapped = Map(device);
            _mapped[id] = mapped;
        }
        Changed?.Invoke(id, mapped);
    }

    /// <summary>False when there was no such device.</summary>
    public bool RemoveDevice(string ns, string name)
    {
        string id = DmiInputCheck.NamespaceOf(ns) + "/" + name;
        bool removed;
        lock (_gate)
        {
            removed = _devices.Remove(id);
            _mapped.Remove(id);
        }
        if (removed) Changed?.Invoke(id, null);
        return removed;
    }

    public void PutModel(DeviceModel model) => ChangeModels(() => _models[ModelKey(model.Namespace, model.Name)] = model);

    /// <summary>False when there was no such model; the devices using it keep running, with a problem each.</summary>
    public bool RemoveModel(string ns, string name)
    {
        bool removed = false;
        ChangeModels(() => removed = _models.Remove(ModelKey(ns, name)));
        return removed;
    }

    /// <summary>
    /// Takes edgecore's whole list (a registration's answer): devices and models it no longer
    /// has are removed, the others put. What is unchanged is left alone (no Changed call).
    /// </summary>
    public void Sync(IEnumerable<DeviceModel> models, IEnumerable<Device> devices)
    {
        var changes = new List<(string, MappedDevice?)>();
        lock (_gate)
        {
            _models.Clear();
            foreach (DeviceModel model in models) _models[ModelKey(model.Namespace, model.Name)] = model;
            var given = new Dictionary<string, Device>(StringComparer.Ordinal);
            foreach (Device device in devices) given[DmiInputCheck.NamespaceOf(device.Namespace) + "/" + device.Name] = device;
            foreach (string gone in _devices.Keys.Where(id => !given.ContainsKey(id)).ToList())
            {
                _devices.Remove(gone);
                _mapped.Remove(gone);
                changes.Add((gone, null));
            }
            foreach (var (id, device) in given)
            {
                MappedDevice mapped = Map(device);
                bool same = _mapped.TryGetValue(id, out MappedDevice? before) && before.Source.Equals(device) &&
                    before.Properties.SequenceEqual(mapped.Properties) && before.Problems.SequenceEqual(mapped.Problems);
                _devices[id] = device;
                _mapped[id] = mapped;
                if (!same) changes.Add((id, mapped));
            }
        }
        foreach (var (id, mapped) in changes) Changed?.Invoke(id, mapped);
    }

    /// <summary>Runs a change of the models, then re-reads the devices whose reading changed.</summary>
    private void ChangeModels(Action change)
    {
        var changes = new List<(string, MappedDevice?)>();
        lock (_gate)
        {
            change();
            foreach (var (id, device) in _devices)
            {
                MappedDevice mapped = Map(device);
                MappedDevice before = _mapped[id];
                if (before.Properties.SequenceEqual(mapped.Properties) && before.Problems.SequenceEqual(mapped.Problems)) continue;
                _mapped[id] = mapped;
                changes.Add((id, mapped));
            }
        }
        foreach (var (id, mapped) in changes) Changed?.Invoke(id, mapped);
    }

    private MappedDevice Map(Device device)
    {
        string ns = DmiInputCheck.NamespaceOf(device.Namespace);
        DeviceModel? model = _models.GetValueOrDefault(ModelKey(ns, device.Spec.DeviceModelReference));
        return MappedDevice.From(device, model, protocol, defaultReportCycle);
    }

    private static string ModelKey(string ns, string name) => DmiInputCheck.NamespaceOf(ns) + "/" + name;
}
