using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace EdgeNano.Tests.Memory;

/// <summary>
/// A model of what an object graph costs on a 32-bit nanoCLR's managed heap (an ESP32's), computed
/// on .NET by walking the same device objects by reflection. It is a model, not a measurement:
/// docs/memory.md sets its figures beside GC.Run(false) readings taken on nanoCLR itself.
/// The rules are nf-interpreter's heap layout (src/CLR/Include/nanoCLR_Runtime__HeapBlock.h):
/// <list type="bullet">
/// <item>every heap block is 12 bytes, and every allocation is a whole number of blocks;</item>
/// <item>an object is one header block plus one block per instance field, whatever the field's
/// type: a bool costs as much as a long or a reference;</item>
/// <item>an array is a 20-byte header plus its elements packed at their size (byte 1, char 2,
/// int 4, long 8), or 12 bytes per element for references, rounded up to blocks;</item>
/// <item>a string created at run time is a 12-byte header plus its UTF-8 text and a NUL; a
/// literal (ldstr) is a 12-byte header pointing into the assembly;</item>
/// <item>nanoFramework's ArrayList has three fields (_items, _size, _syncRoot).</item>
/// </list>
/// Objects of types outside the device assemblies (a board's link, store or pins) are not
/// EdgeNano's heap and are neither counted nor walked.
/// </summary>
internal sealed class NanoHeapModel
{
    public const int Block = 12;
    private const int ArrayHeader = 20;
    private const int DelegateBytes = 36;

    private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<object> _boundaries = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, long> _byType = new();

    /// <summary>Objects that belong to another component: a walk stops there.</summary>
    public void AddBoundary(object? root)
    {
        if (root != null) _boundaries.Add(root);
    }

    /// <summary>Bytes per type name over every walk so far (for finding what to shrink).</summary>
    public IReadOnlyDictionary<string, long> ByType => _byType;

    /// <summary>
    /// The bytes reachable from root that no earlier walk counted, stopping at boundaries other
    /// than root itself and at non-device types.
    /// </summary>
    public long Walk(object? root)
    {
        if (root == null) return 0;
        long total = 0;
        var pending = new Stack<object>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            object current = pending.Pop();
            if (!_seen.Add(current)) continue;
            long bytes = SizeOf(current, pending, isRoot: ReferenceEquals(current, root));
            total += bytes;
            string name = TypeName(current.GetType());
            _byType[name] = _byType.GetValueOrDefault(name) + bytes;
        }
        return total;
    }

    /// <summary>The bytes of every static field of the device assemblies' types (not yet counted).</summary>
    public long WalkStatics(IEnumerable<Assembly> deviceAssemblies)
    {
        long total = 0;
        foreach (Assembly assembly in deviceAssemblies)
        {
            foreach (Type type in assembly.GetTypes())
            {
                if (type.IsGenericTypeDefinition || type.GetCustomAttribute<CompilerGeneratedAttribute>() != null) continue;
                foreach (FieldInfo field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.IsLiteral) continue;
                    total += Block; // the static field's own slot
                    if (field.FieldType.IsValueType) continue;
                    total += Walk(field.GetValue(null));
                }
            }
        }
        return total;
    }

    public static bool IsDeviceType(Type type)
    {
        string? assembly = type.Assembly.GetName().Name;
        return assembly != null && DeviceAssemblyNames.Contains(assembly);
    }

    public static readonly string[] DeviceAssemblyNames =
    {
        "EdgeNano.Runtime", "EdgeNano.DeviceTwin", "EdgeNano.Board", "EdgeNano.EventBus", "EdgeNano.EdgeHub",
        "EdgeNano.Updates", "EdgeNano.Gpio", "EdgeNano.Composition",
    };

    public static long RoundToBlocks(long bytes) => (bytes + Block - 1) / Block * Block;

    private long SizeOf(object value, Stack<object> pending, bool isRoot)
    {
        Type type = value.GetType();
        if (value is string text)
        {
            return string.IsInterned(text) != null ? Block : RoundToBlocks(Block + Encoding.UTF8.GetByteCount(text) + 1);
        }
        if (value is Array array)
        {
            Type element = type.GetElementType()!;
            if (element.IsValueType)
            {
                if (!element.IsPrimitive && !element.IsEnum)
                    throw new NotSupportedException("arrays of structs are not modelled: " + type);
                return RoundToBlocks(ArrayHeader + (long)array.Length * PrimitiveSize(element));
            }
            foreach (object? item in array)
            {
                if (item != null) Follow(item, pending);
            }
            return RoundToBlocks(ArrayHeader + (long)array.Length * Block);
        }
        if (value is ArrayList list)
        {
            object?[] items = (object?[])typeof(ArrayList).GetField("_items", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(list)!;
            foreach (object? item in items)
            {
                if (item != null) Follow(item, pending);
            }
            return 4 * Block + RoundToBlocks(ArrayHeader + (long)items.Length * Block);
        }
        if (value is Delegate callback)
        {
            if (callback.Target != null) Follow(callback.Target, pending);
            return DelegateBytes;
        }
        if (type.IsPrimitive || type.IsEnum) return 2 * Block; // boxed
        if (!IsDeviceType(type) && !isRoot && type != typeof(object)) return 0;

        long fields = 0;
        for (Type? t = type; t != null && t != typeof(object); t = t.BaseType)
        {
            foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                fields++;
                if (field.FieldType.IsValueType)
                {
                    if (!field.FieldType.IsPrimitive && !field.FieldType.IsEnum)
                        throw new NotSupportedException("struct fields are not modelled: " + t + "." + field.Name);
                    continue;
                }
                object? child = field.GetValue(value);
                if (child != null) Follow(child, pending);
            }
        }
        return (1 + fields) * Block;
    }

    private void Follow(object child, Stack<object> pending)
    {
        if (_boundaries.Contains(child) || _seen.Contains(child)) return;
        Type type = child.GetType();
        if (!(child is string || child is Array || child is ArrayList || child is Delegate || type.IsPrimitive || type.IsEnum ||
              IsDeviceType(type) || type == typeof(object)))
        {
            return;
        }
        pending.Push(child);
    }

    private static int PrimitiveSize(Type type)
    {
        if (type.IsEnum) type = Enum.GetUnderlyingType(type);
        if (type == typeof(byte) || type == typeof(sbyte) || type == typeof(bool)) return 1;
        if (type == typeof(char) || type == typeof(short) || type == typeof(ushort)) return 2;
        if (type == typeof(int) || type == typeof(uint) || type == typeof(float)) return 4;
        return 8;
    }

    private static string TypeName(Type type)
    {
        if (type.IsArray) return TypeName(type.GetElementType()!) + "[]";
        return type.Name;
    }
}
