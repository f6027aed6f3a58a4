namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// The GPU execution provider a <c>new InferenceSession(path, options)</c> runs on, where the code shows it: options made by
/// <c>SessionOptions.MakeSessionOptionWithCudaProvider(…)</c> (or TensorRT, ROCm), or options given
/// <c>AppendExecutionProvider_CUDA</c>, <c>_Tensorrt</c>, <c>_DML</c>, <c>_ROCm</c>, <c>_MIGraphX</c> or
/// <c>AppendExecutionProvider("CUDA"…)</c> — inline, through a local of the same body, or through a field the same type
/// configures. On a GPU, an fp16 copy runs on the GPU's fp16 kernels, while the integer copies' kernels are written for CPUs.
/// </summary>
internal static class GpuExecutionProvider
{
    /// <summary>The provider's name ("CUDA", "TensorRT", "DirectML", "ROCm", "MIGraphX"), or null where none is seen.</summary>
    public static string? Find(IObjectCreationOperation sessionCreation, CancellationToken cancellationToken)
    {
        var argument = sessionCreation.Arguments.FirstOrDefault(a => a.Parameter?.Type.Name == "SessionOptions" && a.ArgumentKind != ArgumentKind.DefaultValue);
        switch (argument?.Value.WalkDownImplicitConversions())
        {
            case IInvocationOperation factory:
                return FromFactory(factory);
            case ILocalReferenceOperation local:
                return (local.Local.DeclaredInitializer(local, cancellationToken)?.WalkDownImplicitConversions() is IInvocationOperation initializer ? FromFactory(initializer) : null)
                    ?? FromAppends(OutputCapAnalysis.EnclosingBody(sessionCreation), local.Local, cancellationToken);
            case IFieldReferenceOperation field:
                return (field.Field.DeclaredInitializer(field, cancellationToken)?.WalkDownImplicitConversions() is IInvocationOperation fieldInitializer ? FromFactory(fieldInitializer) : null)
                    ?? FromFieldAppends(field, cancellationToken);
            default:
                return null;
        }
    }

    private static string? FromFactory(IInvocationOperation factory)
        => factory.TargetMethod.Name switch
        {
            "MakeSessionOptionWithCudaProvider" => "CUDA",
            "MakeSessionOptionWithTensorrtProvider" => "TensorRT",
            "MakeSessionOptionWithRocmProvider" => "ROCm",
            _ => null,
        };

    private static string? FromAppends(IOperation? body, ISymbol options, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return null;
        }

        foreach (var invocation in body.Descendants().OfType<IInvocationOperation>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = invocation.Instance?.WalkDownImplicitConversions() switch
            {
                ILocalReferenceOperation local => local.Local,
                IFieldReferenceOperation field => field.Field,
                _ => (ISymbol?)null,
            };
            if (SymbolEqualityComparer.Default.Equals(target, options) && FromAppend(invocation) is { } provider)
            {
                return provider;
            }
        }

        return null;
    }

    // A field's options are configured in the type's constructors or initialisation methods: every member of the type that
    // is in the same file is read (the analyzer asks no other tree's semantic model).
    private static string? FromFieldAppends(IFieldReferenceOperation field, CancellationToken cancellationToken)
    {
        var model = field.SemanticModel;
        if (model is null)
        {
            return null;
        }

        foreach (var reference in field.Field.ContainingType.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree)
            {
                continue;
            }

            foreach (var member in reference.GetSyntax(cancellationToken).ChildNodes())
            {
                if (model.GetOperation(member, cancellationToken) is { } operation && FromAppends(operation, field.Field, cancellationToken) is { } provider)
                {
                    return provider;
                }
            }
        }

        return null;
    }

    private static string? FromAppend(IInvocationOperation append)
        => append.TargetMethod.Name switch
        {
            "AppendExecutionProvider_CUDA" => "CUDA",
            "AppendExecutionProvider_Tensorrt" => "TensorRT",
            "AppendExecutionProvider_DML" => "DirectML",
            "AppendExecutionProvider_ROCm" => "ROCm",
            "AppendExecutionProvider_MIGraphX" => "MIGraphX",
            "AppendExecutionProvider" when append.Arguments.FirstOrDefault()?.Value.ConstantValue is { HasValue: true, Value: string name } => name switch
            {
                "CUDA" or "CUDAExecutionProvider" => "CUDA",
                "DML" or "DmlExecutionProvider" => "DirectML",
                "TensorRT" or "TensorrtExecutionProvider" => "TensorRT",
                _ => null,
            },
            _ => null,
        };
}
