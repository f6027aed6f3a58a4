namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Reads the expressions of one kernel (a loop body, or a LINQ lambda) into <see cref="KernelTerm"/>s: which vectors
/// it reads at the current position, which loop-invariant scalars, which arithmetic. Holds what it learnt on the way:
/// the element type (every vector of one kernel has the same), per-iteration temporaries, the locals read as scalars,
/// and whether a <c>float</c> element was explicitly widened to <c>double</c>.
/// </summary>
internal sealed class KernelReader
{
    private static readonly ImmutableHashSet<string> MathFunctions = ImmutableHashSet.Create("Abs", "Sqrt", "Exp", "Log", "Max", "Min", "Tanh", "Pow");

    private readonly ISymbol? _index;
    private readonly INamedTypeSymbol? _list;
    private readonly HashSet<ISymbol> _scalarLocals = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _doubleScalars = new();

    public KernelReader(ISymbol? index, INamedTypeSymbol? list)
    {
        _index = index;
        _list = list;
    }

    public SpecialType ElementType { get; set; }

    public bool Widened { get; private set; }

    /// <summary>Locals declared in the body: their value per iteration.</summary>
    public Dictionary<ISymbol, KernelTerm> Temporaries { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>Variables that stand for the current element of a vector (a foreach variable, a LINQ lambda parameter).</summary>
    public Dictionary<ISymbol, VectorOperand> ElementVariables { get; } = new(SymbolEqualityComparer.Default);

    public KernelTerm? Term(IOperation operation)
    {
        switch (operation)
        {
            case IParenthesizedOperation parenthesized:
                return Term(parenthesized.Operand);

            case IConversionOperation conversion:
                if (Term(conversion.Operand) is not { } converted)
                {
                    return null;
                }

                if (!converted.HasElement)
                {
                    return MakeScalar(conversion.Syntax.ToString(), conversion.Type);
                }

                if (conversion.Type?.SpecialType is not (SpecialType.System_Single or SpecialType.System_Double))
                {
                    return null;
                }

                if (!conversion.IsImplicit && conversion.Type.SpecialType == SpecialType.System_Double && ElementType == SpecialType.System_Single)
                {
                    Widened = true;
                }

                return converted;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide } binary:
                if (Term(binary.LeftOperand) is not { } left || Term(binary.RightOperand) is not { } right)
                {
                    return null;
                }

                if (!left.HasElement && !right.HasElement)
                {
                    return MakeScalar(binary.Syntax.ToString(), binary.Type);
                }

                return IsFloating(binary.Type) ? KernelTerm.Binary(binary.OperatorKind, left, right) : null;

            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus or UnaryOperatorKind.Plus } unary:
                if (Term(unary.Operand) is not { } operand)
                {
                    return null;
                }

                return !operand.HasElement ? MakeScalar(unary.Syntax.ToString(), unary.Type)
                    : unary.OperatorKind == UnaryOperatorKind.Plus ? operand
                    : KernelTerm.Call("Negate", ImmutableArray.Create(operand));

            case IInvocationOperation { TargetMethod: { IsStatic: true, ContainingType: { Name: "Math" or "MathF", ContainingNamespace.Name: "System" } } method } invocation
                when MathFunctions.Contains(method.Name):
                var arguments = ImmutableArray.CreateBuilder<KernelTerm>(invocation.Arguments.Length);
                foreach (var argument in invocation.Arguments)
                {
                    if (Term(argument.Value) is not { } term)
                    {
                        return null;
                    }

                    arguments.Add(term);
                }

                if (!arguments.Any(a => a.HasElement))
                {
                    return MakeScalar(invocation.Syntax.ToString(), invocation.Type);
                }

                // Math.Pow(x, 2) is x * x.
                if (method.Name == "Pow" && arguments.Count == 2 && invocation.Arguments[1].Value.WalkDownImplicitConversions().ConstantValue is { HasValue: true, Value: 2 or 2.0 or 2f })
                {
                    return KernelTerm.Binary(BinaryOperatorKind.Multiply, arguments[0], arguments[0]);
                }

                return KernelTerm.Call(method.Name, arguments.ToImmutable());
        }

        if (Element(operation) is { } element)
        {
            return KernelTerm.Element(element);
        }

        if (operation is ILocalReferenceOperation local && Temporaries.TryGetValue(local.Local, out var temporary))
        {
            return temporary;
        }

        if (ElementVariable(operation) is { } variable)
        {
            return KernelTerm.Element(variable);
        }

        return Scalar(operation) is { } scalar ? MakeScalar(scalar, operation.Type) : null;
    }

    private KernelTerm MakeScalar(string text, ITypeSymbol? type)
    {
        if (type?.SpecialType == SpecialType.System_Double)
        {
            _doubleScalars.Add(text);
        }

        return KernelTerm.Scalar(text);
    }

    /// <summary>
    /// A value that is the same on every iteration: a constant, a parameter, a local other than the index and the
    /// body's temporaries, a field, a property of those, an element at invariant indices, or arithmetic of those.
    /// </summary>
    public string? Scalar(IOperation operation)
    {
        operation = operation.WalkDownImplicitConversions();
        return IsInvariant(operation) ? operation.Syntax.ToString() : null;
    }

    private bool IsInvariant(IOperation operation)
    {
        operation = operation.WalkDownImplicitConversions();
        if (operation.ConstantValue.HasValue)
        {
            return true;
        }

        switch (operation)
        {
            case IParameterReferenceOperation parameter:
                return !IsIndex(parameter.Parameter) && !ElementVariables.ContainsKey(parameter.Parameter);
            case ILocalReferenceOperation local:
                if (IsIndex(local.Local) || Temporaries.ContainsKey(local.Local) || ElementVariables.ContainsKey(local.Local))
                {
                    return false;
                }

                _scalarLocals.Add(local.Local);
                return true;
            case IFieldReferenceOperation field:
                return field.Instance is null or IInstanceReferenceOperation || IsInvariant(field.Instance);
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                return property.Instance is null or IInstanceReferenceOperation || IsInvariant(property.Instance);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } indexer:
                return IsInvariant(instance) && Indices(indexer.Arguments.Select(a => a.Value)).All(IsInvariant);
            case IArrayElementReferenceOperation element:
                return IsInvariant(element.ArrayReference) && element.Indices.All(IsInvariant);
            case IBinaryOperation binary:
                return IsInvariant(binary.LeftOperand) && IsInvariant(binary.RightOperand);
            case IParenthesizedOperation parenthesized:
                return IsInvariant(parenthesized.Operand);
            case IConversionOperation conversion:
                return IsInvariant(conversion.Operand);
            case IUnaryOperation unary:
                return IsInvariant(unary.Operand);
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>v[i]</c>, <c>v[off + i]</c> (a non-constant invariant offset: a row of a flat matrix), <c>m[r, i]</c> or
    /// <c>t[b, s, i]</c> (a row of a multi-dimensional array or tensor: the index last, the others invariant), on a
    /// float/double array, span, list or ONNX Runtime / System.Numerics.Tensors tensor reached without side effects.
    /// </summary>
    public VectorOperand? Element(IOperation operation)
    {
        operation = operation.WalkDownImplicitConversions();
        IOperation collection;
        ImmutableArray<IOperation> indices;
        bool isList;
        bool isVector;
        switch (operation)
        {
            case IArrayElementReferenceOperation element:
                collection = element.ArrayReference;
                indices = element.Indices;
                isList = false;
                isVector = true;
                break;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { Type: INamedTypeSymbol collectionType } instance } indexer:
                var kind = IndexableKind(collectionType);
                if (kind == Indexable.None)
                {
                    return null;
                }

                collection = instance;
                indices = Indices(indexer.Arguments.Select(a => a.Value)).ToImmutableArray();
                isList = kind == Indexable.List;
                isVector = kind != Indexable.Tensor;
                break;
            default:
                return null;
        }

        if (_index is null || indices.IsEmpty || IndexOffset(indices[indices.Length - 1]) is not { } offset)
        {
            return null;
        }

        var prefix = new List<string>();
        for (var i = 0; i < indices.Length - 1; i++)
        {
            if (Scalar(indices[i]) is not { } fixedIndex)
            {
                return null;
            }

            prefix.Add(fixedIndex);
        }

        var type = operation.Type?.SpecialType ?? SpecialType.None;
        if (type is not (SpecialType.System_Single or SpecialType.System_Double)
            || (ElementType != SpecialType.None && ElementType != type)
            || Collection(collection) is not { } stable)
        {
            return null;
        }

        ElementType = type;
        var isWhole = isVector && indices.Length == 1 && offset.Length == 0;
        return new VectorOperand(stable.Root, stable.Text, RowKey(stable.Key, string.Join(",", prefix), offset), isList, isWhole);
    }

    private static string RowKey(string collection, string prefix, string offset) => collection + "[" + prefix + "]+" + offset;

    /// <summary>"" for the index itself, the offset's text for <c>off + i</c>/<c>i + off</c>, null otherwise.</summary>
    private string? IndexOffset(IOperation index)
    {
        index = index.WalkDownImplicitConversions();
        if (IsIndexReference(index))
        {
            return string.Empty;
        }

        if (index is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum)
        {
            // A constant shift (b[i + 1]) is a stencil, not a row: left alone.
            var (other, indexSide) = IsIndexReference(sum.RightOperand) ? (sum.LeftOperand, true) : (sum.RightOperand, IsIndexReference(sum.LeftOperand));
            if (indexSide && !other.WalkDownImplicitConversions().ConstantValue.HasValue && Scalar(other) is { } offset)
            {
                return offset;
            }
        }

        return null;
    }

    private bool IsIndexReference(IOperation operation) => operation.WalkDownImplicitConversions() switch
    {
        ILocalReferenceOperation local => IsIndex(local.Local),
        IParameterReferenceOperation parameter => IsIndex(parameter.Parameter),
        _ => false,
    };

    private bool IsIndex(ISymbol symbol) => _index is not null && SymbolEqualityComparer.Default.Equals(symbol, _index);

    private VectorOperand? ElementVariable(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local when ElementVariables.TryGetValue(local.Local, out var vector) => vector,
        IParameterReferenceOperation parameter when ElementVariables.TryGetValue(parameter.Parameter, out var vector) => vector,
        _ => null,
    };

    /// <summary>
    /// A collection reached without side effects: a local, parameter or field, or a property/field path from one
    /// (<c>tensor.Buffer.Span</c>). Root: the storage; Key: the path as written.
    /// </summary>
    public (ISymbol Root, string Text, string Key)? Collection(IOperation operation)
    {
        operation = operation.WalkDownImplicitConversions();
        ISymbol? root = operation switch
        {
            ILocalReferenceOperation local when !IsIndex(local.Local) && !Temporaries.ContainsKey(local.Local) && !ElementVariables.ContainsKey(local.Local) => local.Local,
            IParameterReferenceOperation parameter when !IsIndex(parameter.Parameter) && !ElementVariables.ContainsKey(parameter.Parameter) => parameter.Parameter,
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
            _ => null,
        };
        var text = operation.Syntax.ToString();
        if (root is not null)
        {
            return (root, text, root.Name);
        }

        // A row of a jagged array (rows[r], r invariant).
        if (operation is IArrayElementReferenceOperation row && Collection(row.ArrayReference) is { } rows && row.Indices.All(IsInvariant))
        {
            return (rows.Root, text, rows.Key + "[" + string.Join(",", row.Indices.Select(i => i.Syntax.ToString())) + "]");
        }

        var instance = operation switch
        {
            IFieldReferenceOperation { Instance: { } fieldInstance } => fieldInstance,
            IPropertyReferenceOperation { Property.IsIndexer: false, Instance: { } propertyInstance } => propertyInstance,
            _ => null,
        };
        if (instance is not null && Collection(instance) is { } parent)
        {
            var member = operation is IFieldReferenceOperation f ? f.Field.Name : ((IPropertyReferenceOperation)operation).Property.Name;
            return (parent.Root, text, parent.Key + "." + member);
        }

        return null;
    }

    /// <summary>A statement of a kernel: an accumulation or an element-wise write.</summary>
    public KernelStatement? Statement(IOperation expression)
    {
        switch (expression)
        {
            // acc += term
            case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Target: var target } compound
                when Accumulator(target) is { } accumulator:
                return Term(compound.Value) is { } term ? Accumulation(term, accumulator) : null;

            // acc = acc + term
            case ISimpleAssignmentOperation { Target: var target, Value: var value }
                when Accumulator(target) is { } accumulator
                    && value.WalkDownImplicitConversions() is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum
                    && Accumulator(sum.LeftOperand.WalkDownImplicitConversions()) is { } read && read.Text == accumulator.Text:
                return Term(sum.RightOperand) is { } added ? Accumulation(added, accumulator) : null;

            // c[i] = expression
            case ISimpleAssignmentOperation { Target: var target, Value: var value }
                when Element(target) is { } destination:
                return Term(value) is { HasElement: true, IsElement: false } written ? ElementWise(written, destination) : null;

            // c[i] op= expression
            case ICompoundAssignmentOperation { Target: var target } compound
                when Element(target) is { } destination
                    && compound.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide
                    && Term(compound.Value) is { } value:
                return ElementWise(KernelTerm.Binary(compound.OperatorKind, KernelTerm.Element(destination), value), destination);

            default:
                return null;
        }
    }

    /// <summary>A local, a field, or an array element at constant indices (<c>sum[0]</c>), accumulated into.</summary>
    private (ISymbol? Symbol, string Text)? Accumulator(IOperation target)
    {
        switch (target)
        {
            case ILocalReferenceOperation local when !IsIndex(local.Local) && !Temporaries.ContainsKey(local.Local) && !ElementVariables.ContainsKey(local.Local):
                return (local.Local, local.Local.Name);
            case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field when IsFloating(field.Type):
                return (field.Field, field.Syntax.ToString());
            case IArrayElementReferenceOperation element when element.Indices.All(i => i.WalkDownImplicitConversions().ConstantValue.HasValue)
                && IsFloating(element.Type) && Collection(element.ArrayReference) is { } array:
                return (array.Root, element.Syntax.ToString());
            default:
                return null;
        }
    }

    internal static KernelStatement? Accumulation(KernelTerm term, (ISymbol? Symbol, string Text) accumulator)
    {
        if (!term.HasElement)
        {
            return null;
        }

        var name = accumulator.Text;
        if (term.Operand is { } single)
        {
            return new KernelStatement(KernelKind.Sum, single, null, null, name, null);
        }

        if (term.IsBinary && term.Operator == BinaryOperatorKind.Multiply)
        {
            if (term.Left.Operand is { } x && term.Right.Operand is { } y)
            {
                return x.Is(y)
                    ? new KernelStatement(KernelKind.SumOfSquares, x, null, null, name, null)
                    : new KernelStatement(KernelKind.Dot, x, y, null, name, null);
            }

            // d * d with d = a[i] - b[i], or (a[i] - b[i]) * (a[i] - b[i]).
            if (term.Left is { IsBinary: true, Operator: BinaryOperatorKind.Subtract, Left.Operand: { } a, Right.Operand: { } b }
                && term.Left.Canonical == term.Right.Canonical)
            {
                return new KernelStatement(KernelKind.SquaredDistance, a, b, null, name, null);
            }
        }

        var elements = term.Elements().ToImmutableArray();
        return new KernelStatement(KernelKind.Reduction, elements[0], null, null, name, null, elements, term.Operations().Distinct().ToImmutableArray());
    }

    internal KernelStatement ElementWise(KernelTerm written, VectorOperand? destination)
    {
        if (written.IsBinary && ElementWiseKind(written.Operator) is { } kind)
        {
            var left = written.Left;
            var right = written.Right;
            if (left.Operand is { } x && right.Operand is { } y)
            {
                return new KernelStatement(kind, x, y, null, null, destination);
            }

            if (left.Operand is { } vector && right.ScalarText is { } scalar)
            {
                return new KernelStatement(kind, vector, null, ScalarFor(scalar), null, destination);
            }

            if (right.Operand is { } commuted && kind is KernelKind.Add or KernelKind.Multiply && left.ScalarText is { } leftScalar)
            {
                return new KernelStatement(kind, commuted, null, leftScalar, null, destination);
            }
        }

        var elements = written.Elements().ToImmutableArray();
        return new KernelStatement(KernelKind.ElementWise, elements[0], null, null, null, destination, elements, written.Operations().Distinct().ToImmutableArray());
    }

    /// <summary>A double scalar in a float kernel (<c>v[i] = (float)(v[i] / norm)</c>) is passed as float.</summary>
    private string ScalarFor(string scalar)
        => ElementType != SpecialType.System_Single || !_doubleScalars.Contains(scalar) ? scalar
            : scalar.All(c => char.IsLetterOrDigit(c) || c is '_' or '.') ? "(float)" + scalar
            : $"(float)({scalar})";

    private static KernelKind? ElementWiseKind(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => KernelKind.Add,
        BinaryOperatorKind.Subtract => KernelKind.Subtract,
        BinaryOperatorKind.Multiply => KernelKind.Multiply,
        BinaryOperatorKind.Divide => KernelKind.Divide,
        _ => null,
    };

    /// <summary>
    /// No statement reads or writes storage that another statement writes (the loop interleaves them element by
    /// element, so separate whole-vector calls would see different values), and no accumulator is read as a scalar.
    /// </summary>
    public bool IsConsistent(ImmutableArray<KernelStatement>.Builder statements)
    {
        foreach (var statement in statements)
        {
            if (statement.Destination is { } destination
                && (statements.Any(other => !ReferenceEquals(other, statement) && other.Operands.Any(o => o.SharesStorage(destination)))
                    || statement.Operands.Any(o => o.SharesStorage(destination) && !o.Is(destination))))
            {
                return false;
            }
        }

        var accumulators = new HashSet<string>(statements.Where(s => s.Accumulator is not null).Select(s => s.Accumulator!));
        return !_scalarLocals.Any(l => accumulators.Contains(l.Name));
    }

    private static bool IsFloating(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Single or SpecialType.System_Double;

    private static IEnumerable<IOperation> Indices(IEnumerable<IOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            // t[b, s, k] on ONNX Runtime's Tensor<T> binds to this[params int[] indices].
            if (argument is IArrayCreationOperation { IsImplicit: true, Initializer: { } initializer })
            {
                foreach (var value in initializer.ElementValues)
                {
                    yield return value;
                }
            }
            else
            {
                yield return argument;
            }
        }
    }

    private enum Indexable
    {
        None,
        Vector,
        List,
        Tensor,
    }

    private Indexable IndexableKind(INamedTypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        if (_list is not null && SymbolEqualityComparer.Default.Equals(definition, _list))
        {
            return Indexable.List;
        }

        var ns = definition.ContainingNamespace?.ToDisplayString();
        if (definition.Name is "Span" or "ReadOnlySpan" && ns == "System" && definition.Arity == 1)
        {
            return Indexable.Vector;
        }

        for (var current = definition; current is not null; current = current.BaseType?.OriginalDefinition)
        {
            if (current.Name is "Tensor" or "DenseTensor" or "TensorSpan" or "ReadOnlyTensorSpan"
                && current.ContainingNamespace?.ToDisplayString() is "Microsoft.ML.OnnxRuntime.Tensors" or "System.Numerics.Tensors")
            {
                return Indexable.Tensor;
            }
        }

        return Indexable.None;
    }
}
