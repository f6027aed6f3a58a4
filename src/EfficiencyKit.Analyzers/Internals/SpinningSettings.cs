namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// What the SessionOptions given to <c>new InferenceSession(…)</c> say about ONNX Runtime's thread-pool spinning, when the
/// analyzer can see all of it: no options (ORT's defaults), <c>new SessionOptions { … }</c> in the call, or a local created
/// in the same method whose every use is visible there. Options from a parameter, field or factory, or a local passed to
/// anything but an InferenceSession constructor, are unknown (null).
/// </summary>
internal sealed class SpinningSettings
{
    public const string IntraOpKey = "session.intra_op.allow_spinning";
    public const string InterOpKey = "session.inter_op.allow_spinning";

    private SpinningSettings(bool intraOpSpins, bool interOpSpins, ILocalSymbol? optionsLocal)
    {
        IntraOpSpins = intraOpSpins;
        InterOpSpins = interOpSpins;
        OptionsLocal = optionsLocal;
    }

    /// <summary>Intra-op workers exist (threads not set to 1) and the intra-op spinning key is not set.</summary>
    public bool IntraOpSpins { get; }

    /// <summary>Parallel execution mode is on and the inter-op spinning key is not set.</summary>
    public bool InterOpSpins { get; }

    /// <summary>The local holding the options, where there is one.</summary>
    public ILocalSymbol? OptionsLocal { get; }

    public bool Spins => IntraOpSpins || InterOpSpins;

    public static SpinningSettings? Read(IObjectCreationOperation creation, INamedTypeSymbol sessionOptions, INamedTypeSymbol session, CancellationToken cancellationToken)
    {
        var argument = creation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.Type, sessionOptions));
        if (argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return new SpinningSettings(intraOpSpins: true, interOpSpins: false, null);
        }

        var state = new State();
        switch (argument.Value.WalkDownImplicitConversions())
        {
            case IObjectCreationOperation inline when SymbolEqualityComparer.Default.Equals(inline.Type, sessionOptions):
                state.ReadInitializer(inline);
                return state.Result(null);

            case ILocalReferenceOperation local
                when local.Local.DeclaredInitializer(local, cancellationToken)?.WalkDownImplicitConversions() is IObjectCreationOperation declared
                    && SymbolEqualityComparer.Default.Equals(declared.Type, sessionOptions):
                state.ReadInitializer(declared);
                var root = (IOperation)creation;
                while (root.Parent is not null)
                {
                    root = root.Parent;
                }

                foreach (var use in root.Descendants().OfType<ILocalReferenceOperation>().Where(r => SymbolEqualityComparer.Default.Equals(r.Local, local.Local)))
                {
                    if (!state.ReadUse(use, session))
                    {
                        return null;
                    }
                }

                return state.Result(local.Local);

            default:
                return null;
        }
    }

    private sealed class State
    {
        private bool _oneIntraOpThread;
        private bool _parallel;
        private bool _intraOpKey;
        private bool _interOpKey;

        public SpinningSettings Result(ILocalSymbol? local) => new(!_oneIntraOpThread && !_intraOpKey, _parallel && !_interOpKey, local);

        public void ReadInitializer(IObjectCreationOperation creation)
        {
            foreach (var assignment in creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>() ?? [])
            {
                ReadAssignment(assignment);
            }
        }

        // False when the use hides settings from us (a non-constant key, global thread pools, the options passed elsewhere).
        public bool ReadUse(ILocalReferenceOperation use, INamedTypeSymbol session)
        {
            switch (use.Parent)
            {
                case IInvocationOperation { TargetMethod.Name: "AddSessionConfigEntry" } call when call.Instance == use:
                    if (call.Arguments.Length < 1 || call.Arguments[0].Value.ConstantValue is not { HasValue: true, Value: string key })
                    {
                        return false;
                    }

                    _intraOpKey |= key == IntraOpKey;
                    _interOpKey |= key == InterOpKey;
                    return true;
                case IInvocationOperation { TargetMethod.Name: "DisablePerSessionThreads" } call when call.Instance == use:
                    return false;
                case IInvocationOperation call when call.Instance == use:
                    return true;
                case IPropertyReferenceOperation { Parent: ISimpleAssignmentOperation assignment } property when assignment.Target == property:
                    ReadAssignment(assignment);
                    return true;
                case IPropertyReferenceOperation or IUsingOperation or IConversionOperation { Parent: IUsingOperation }:
                    return true;
                case IArgumentOperation { Parent: IObjectCreationOperation target }:
                    return SymbolEqualityComparer.Default.Equals(target.Type, session);
                default:
                    return false;
            }
        }

        private void ReadAssignment(ISimpleAssignmentOperation assignment)
        {
            if (assignment.Target is not IPropertyReferenceOperation { Property.Name: var name })
            {
                return;
            }

            var value = assignment.Value.WalkDownImplicitConversions();
            if (name == "IntraOpNumThreads" && value.ConstantValue is { HasValue: true, Value: 1 })
            {
                _oneIntraOpThread = true;
            }
            else if (name == "ExecutionMode" && value is IFieldReferenceOperation { Field.Name: "ORT_PARALLEL" })
            {
                _parallel = true;
            }
        }
    }
}
