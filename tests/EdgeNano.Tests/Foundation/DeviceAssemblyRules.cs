using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace EdgeNano.Tests.Foundation;

/// <summary>
/// Reads a compiled device assembly and lists what nanoFramework's stable runtime cannot run:
/// generic types or methods (declared or used), multi-dimensional arrays, and references to
/// any assembly but mscorlib and the device libraries it is allowed to use.
/// </summary>
public static class DeviceAssemblyRules
{
    public static IReadOnlyList<string> Violations(byte[] assembly) => Violations(assembly, []);

    /// <param name="allowedReferences">Device libraries the assembly may reference besides mscorlib.</param>
    public static IReadOnlyList<string> Violations(byte[] assembly, IReadOnlyCollection<string> allowedReferences)
    {
        using var pe = new PEReader(ImmutableArray.Create(assembly));
        var md = pe.GetMetadataReader();
        var found = new List<string>();
        var provider = new ShapeRecorder(md, found);

        foreach (var handle in md.AssemblyReferences)
        {
            string name = md.GetString(md.GetAssemblyReference(handle).Name);
            if (name != "mscorlib" && !allowedReferences.Contains(name)) found.Add($"references assembly {name}");
        }
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            string typeName = md.GetString(type.Name);
            if (type.GetGenericParameters().Count > 0) found.Add($"declares generic type {typeName}");
            foreach (var fieldHandle in type.GetFields())
            {
                var field = md.GetFieldDefinition(fieldHandle);
                provider.Context = $"field {typeName}.{md.GetString(field.Name)}";
                field.DecodeSignature(provider, null);
            }
            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                provider.Context = $"method {typeName}.{md.GetString(method.Name)}";
                if (method.GetGenericParameters().Count > 0) found.Add($"declares generic {provider.Context}");
                method.DecodeSignature(provider, null);
            }
        }
        for (int row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            provider.Context = "type reference";
            md.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).DecodeSignature(provider, null);
        }
        for (int row = 1; row <= md.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            var spec = md.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
            found.Add($"instantiates generic method {MemberName(md, spec.Method)}");
        }
        foreach (var handle in md.MemberReferences)
        {
            var member = md.GetMemberReference(handle);
            provider.Context = $"use of {md.GetString(member.Name)}";
            if (member.GetKind() == MemberReferenceKind.Method) member.DecodeMethodSignature(provider, null);
            else member.DecodeFieldSignature(provider, null);
        }
        for (int row = 1; row <= md.GetTableRowCount(TableIndex.StandAloneSig); row++)
        {
            var signature = md.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(row));
            provider.Context = "local variable";
            if (signature.GetKind() == StandaloneSignatureKind.LocalVariables) signature.DecodeLocalSignature(provider, null);
            else signature.DecodeMethodSignature(provider, null);
        }
        return found.Distinct().ToList();
    }

    private static string MemberName(MetadataReader md, EntityHandle handle) => handle.Kind switch
    {
        HandleKind.MethodDefinition => md.GetString(md.GetMethodDefinition((MethodDefinitionHandle)handle).Name),
        HandleKind.MemberReference => md.GetString(md.GetMemberReference((MemberReferenceHandle)handle).Name),
        _ => handle.Kind.ToString(),
    };

    /// <summary>Decodes signatures to names and records the shapes the device cannot run.</summary>
    private sealed class ShapeRecorder(MetadataReader md, List<string> found) : ISignatureTypeProvider<string, object?>
    {
        public string Context { get; set; } = "";

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
        {
            string name = $"{genericType}<{string.Join(",", typeArguments)}>";
            found.Add($"{Context} uses generic type {name}");
            return name;
        }

        public string GetArrayType(string elementType, ArrayShape shape)
        {
            found.Add($"{Context} uses multi-dimensional array {elementType}[{new string(',', shape.Rank - 1)}]");
            return elementType + "[,]";
        }

        public string GetGenericMethodParameter(object? context, int index)
        {
            found.Add($"{Context} uses a generic method parameter");
            return "!!" + index;
        }

        public string GetGenericTypeParameter(object? context, int index)
        {
            found.Add($"{Context} uses a generic type parameter");
            return "!" + index;
        }

        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPinnedType(string elementType) => elementType;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
            md.GetString(md.GetTypeDefinition(handle).Name);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var reference = md.GetTypeReference(handle);
            return md.GetString(reference.Namespace) + "." + md.GetString(reference.Name);
        }

        public string GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            md.GetTypeSpecification(handle).DecodeSignature(this, context);
    }
}
