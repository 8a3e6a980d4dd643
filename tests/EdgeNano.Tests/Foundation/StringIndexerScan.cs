using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace EdgeNano.Tests.Foundation;

/// <summary>
/// Finds the methods of a compiled assembly whose bodies call System.String's indexer
/// (<c>s[i]</c>, compiled to <c>call/callvirt String::get_Chars</c>). On nanoCLR that indexer
/// walks the UTF-8 string on every call and returns the high surrogate at the low half of a
/// pair, so device code that encodes text must not use it. The IL is decoded opcode by opcode
/// (operands skipped by their real sizes), so operand bytes are never mistaken for calls.
/// </summary>
public static class StringIndexerScan
{
    /// <summary>"Namespace.Type.Method" of every method whose body indexes a string, in metadata order, once each.</summary>
    public static IReadOnlyList<string> MethodsIndexingStrings(byte[] assembly)
    {
        using var pe = new PEReader(ImmutableArray.Create(assembly));
        var md = pe.GetMetadataReader();
        var found = new List<string>();
        foreach (var typeHandle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(typeHandle);
            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0) continue; // abstract, extern or interface: no body
                var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader();
                if (CallsStringIndexer(md, ref il)) found.Add(TypeName(md, typeHandle) + "." + md.GetString(method.Name));
            }
        }
        return found;
    }

    private static bool CallsStringIndexer(MetadataReader md, ref BlobReader il)
    {
        while (il.RemainingBytes > 0)
        {
            var opCode = ReadOpCode(ref il);
            if (opCode == ILOpCode.Call || opCode == ILOpCode.Callvirt)
            {
                var target = MetadataTokens.EntityHandle(il.ReadInt32());
                if (IsStringIndexer(md, target)) return true;
                continue;
            }
            SkipOperand(opCode, ref il);
        }
        return false;
    }

    private static ILOpCode ReadOpCode(ref BlobReader il)
    {
        byte first = il.ReadByte();
        // 0xFE prefixes the two-byte opcodes (ceq, ldarg, initobj, ...).
        return first == 0xFE ? (ILOpCode)(0xFE00 | il.ReadByte()) : (ILOpCode)first;
    }

    private static void SkipOperand(ILOpCode opCode, ref BlobReader il)
    {
        if (!OperandTypes.TryGetValue(opCode, out var operand)) throw new BadImageFormatException($"unknown IL opcode 0x{(int)opCode:X}");
        if (operand == OperandType.InlineSwitch)
        {
            int targets = il.ReadInt32();
            il.Offset += 4 * targets;
            return;
        }
        il.Offset += OperandSize(operand);
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4, // branch targets, int32, float32 and metadata tokens
    };

    /// <summary>Every IL opcode's operand type, as the runtime's own opcode table declares it.</summary>
    private static readonly Dictionary<ILOpCode, OperandType> OperandTypes = typeof(OpCodes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(op => (ILOpCode)(ushort)op.Value, op => op.OperandType);

    private static bool IsStringIndexer(MetadataReader md, EntityHandle target)
    {
        if (target.Kind != HandleKind.MemberReference) return false;
        var member = md.GetMemberReference((MemberReferenceHandle)target);
        if (!md.StringComparer.Equals(member.Name, "get_Chars") || member.Parent.Kind != HandleKind.TypeReference) return false;
        var parent = md.GetTypeReference((TypeReferenceHandle)member.Parent);
        return md.StringComparer.Equals(parent.Namespace, "System") && md.StringComparer.Equals(parent.Name, "String");
    }

    private static string TypeName(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        string name = md.GetString(type.Name);
        if (type.IsNested) return TypeName(md, type.GetDeclaringType()) + "/" + name;
        string ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
