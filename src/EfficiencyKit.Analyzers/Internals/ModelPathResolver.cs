using System.IO;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Resolves a model path expression to the path relative to the app's folder, the way the app will open it:
/// a constant ("models/intent.onnx"), <c>Path.Combine</c> of constants, optionally starting with
/// <c>AppContext.BaseDirectory</c> or <c>AppDomain.CurrentDomain.BaseDirectory</c>, and concatenation or
/// interpolation of such a base directory with a constant. Anything computed at run time is not resolved.
/// </summary>
internal static class ModelPathResolver
{
    public static string? Resolve(IOperation expression)
    {
        var value = expression.WalkDownImplicitConversions();
        if (value.ConstantValue is { HasValue: true, Value: string constant })
        {
            return Path.IsPathRooted(constant) ? null : constant.Replace('\\', '/');
        }

        var parts = value switch
        {
            IInvocationOperation { TargetMethod: { Name: "Combine", ContainingType: { Name: "Path", ContainingNamespace.Name: "IO" } } } combine => CombineParts(combine),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add => [add.LeftOperand, add.RightOperand],
            IInterpolatedStringOperation interpolated => interpolated.Parts.Select(p => p is IInterpolationOperation hole ? hole.Expression : p).ToList(),
            _ => null,
        };
        if (parts is null || parts.Count == 0)
        {
            return null;
        }

        var segments = new List<string>();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i].WalkDownImplicitConversions();
            if (i == 0 && IsBaseDirectory(part))
            {
                continue;
            }

            var text = part switch
            {
                { ConstantValue: { HasValue: true, Value: string s } } => s,
                IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string s } } => s,
                _ => null,
            };
            if (text is null || (segments.Count > 0 && Path.IsPathRooted(text)))
            {
                return null;
            }

            segments.Add(text);
        }

        var isCombine = value is IInvocationOperation;
        var path = isCombine ? string.Join("/", segments.Select(s => s.Trim('/', '\\'))) : string.Concat(segments);
        path = path.Replace('\\', '/').TrimStart('/');
        return path.Length == 0 ? null : path;
    }

    private static List<IOperation> CombineParts(IInvocationOperation combine)
    {
        var parts = new List<IOperation>();
        foreach (var argument in combine.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
            {
                parts.AddRange(initializer.ElementValues);
            }
            else
            {
                parts.Add(argument.Value);
            }
        }

        return parts;
    }

    private static bool IsBaseDirectory(IOperation operation)
        => operation is IPropertyReferenceOperation { Property: { Name: "BaseDirectory", ContainingType: { Name: "AppContext" or "AppDomain", ContainingNamespace.Name: "System" } } };
}
