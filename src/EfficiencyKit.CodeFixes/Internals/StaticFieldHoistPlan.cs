using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace EfficiencyKit.CodeFixes.Internals;

/// <summary>
/// Collects object creations to move into <c>private static readonly</c> fields of their containing types,
/// then rewrites the document in one pass: each creation becomes a field reference, identical creations in
/// one type share one field (an existing equivalent field is reused), a <c>using</c> that would dispose the
/// shared instance is removed, and the new fields go after the type's last field.
/// </summary>
internal sealed class StaticFieldHoistPlan(SemanticModel model, CancellationToken cancellationToken)
{
    private static readonly SyntaxAnnotation s_spliceAnnotation = new(nameof(StaticFieldHoistPlan) + ".Splice");

    private readonly Dictionary<SyntaxNode, string> _fieldNameByCreation = [];
    private readonly Dictionary<TypeDeclarationSyntax, List<FieldDeclarationSyntax>> _newFieldsByType = [];
    private readonly Dictionary<(TypeDeclarationSyntax Type, string Initializer), string> _fieldNameByInitializer = [];
    private readonly Dictionary<TypeDeclarationSyntax, HashSet<string>> _usedNamesByType = [];
    private readonly HashSet<SyntaxNode> _usingsToRemove = [];

    public bool IsEmpty => _fieldNameByCreation.Count == 0;

    public void Add(BaseObjectCreationExpressionSyntax creation, TypeDeclarationSyntax targetType)
    {
        if (model.GetTypeInfo(creation, cancellationToken).Type is not { } createdType || createdType.TypeKind == TypeKind.Error)
        {
            return;
        }

        var typeName = createdType.ToMinimalDisplayString(model, creation.SpanStart);
        var initializerKey = typeName + "|" + creation.WithoutTrivia().NormalizeWhitespace().ToFullString();
        if (!_fieldNameByInitializer.TryGetValue((targetType, initializerKey), out var fieldName))
        {
            fieldName = FindEquivalentField(targetType, creation) ?? DeclareField(targetType, creation, typeName);
            _fieldNameByInitializer.Add((targetType, initializerKey), fieldName);
        }

        _fieldNameByCreation.Add(creation, fieldName);
        if (GetEnclosingUsing(creation) is { } usingNode)
        {
            _usingsToRemove.Add(usingNode);
        }
    }

    public SyntaxNode Apply(SyntaxNode root)
    {
        var nodes = _fieldNameByCreation.Keys.Concat(_usingsToRemove).Concat(_newFieldsByType.Keys);
        var rewritten = root.ReplaceNodes(nodes, (original, current) => original switch
        {
            BaseObjectCreationExpressionSyntax when _fieldNameByCreation.TryGetValue(original, out var name)
                => SyntaxFactory.IdentifierName(name).WithTriviaFrom(current),
            LocalDeclarationStatementSyntax declaration => RemoveUsing(declaration, (LocalDeclarationStatementSyntax)current),
            UsingStatementSyntax => ToBlock((UsingStatementSyntax)current),
            TypeDeclarationSyntax type => AddFields((TypeDeclarationSyntax)current, _newFieldsByType[type]),
            _ => current,
        });

        return SpliceBlocks(rewritten);
    }

    private string? FindEquivalentField(TypeDeclarationSyntax type, BaseObjectCreationExpressionSyntax creation)
    {
        foreach (var field in type.Members.OfType<FieldDeclarationSyntax>())
        {
            if (!field.Modifiers.Any(SyntaxKind.StaticKeyword) || !field.Modifiers.Any(SyntaxKind.ReadOnlyKeyword))
            {
                continue;
            }

            foreach (var variable in field.Declaration.Variables)
            {
                if (variable.Initializer?.Value is { } value && value.IsEquivalentTo(creation, topLevel: false))
                {
                    return variable.Identifier.ValueText;
                }
            }
        }

        return null;
    }

    private string DeclareField(TypeDeclarationSyntax type, BaseObjectCreationExpressionSyntax creation, string typeName)
    {
        var name = ReserveUniqueName(type, "s_" + ToCamelCase(GetBaseName(creation, typeName)));
        var field = SyntaxFactory.FieldDeclaration(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.ParseTypeName(typeName).WithAdditionalAnnotations(Simplifier.Annotation),
                    SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(creation.WithoutTrivia())))))
            .WithModifiers(SyntaxFactory.TokenList(
                SyntaxFactory.Token(SyntaxKind.PrivateKeyword),
                SyntaxFactory.Token(SyntaxKind.StaticKeyword),
                SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
            .WithAdditionalAnnotations(Formatter.Annotation);

        if (!_newFieldsByType.TryGetValue(type, out var fields))
        {
            fields = [];
            _newFieldsByType.Add(type, fields);
        }

        fields.Add(field);
        return name;
    }

    /// <summary>The local's name where the creation initialises one (<c>var client = new …</c>), else the type's name.</summary>
    private static string GetBaseName(BaseObjectCreationExpressionSyntax creation, string typeName) => creation.Parent switch
    {
        EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => declarator.Identifier.ValueText,
        AssignmentExpressionSyntax { Left: IdentifierNameSyntax identifier } => identifier.Identifier.ValueText,
        _ => typeName.Split('.').Last(),
    };

    private static string ToCamelCase(string name)
    {
        name = name.TrimStart('_', '@');
        return name.Length == 0 ? "instance" : char.ToLowerInvariant(name[0]) + name.Substring(1);
    }

    private string ReserveUniqueName(TypeDeclarationSyntax type, string candidate)
    {
        if (!_usedNamesByType.TryGetValue(type, out var used))
        {
            used = [.. model.GetDeclaredSymbol(type, cancellationToken)?.MemberNames ?? []];
            _usedNamesByType.Add(type, used);
        }

        var name = candidate;
        for (var suffix = 2; !used.Add(name); suffix++)
        {
            name = candidate + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary>The <c>using</c> declaration or statement that owns the local the creation initialises, if any.</summary>
    private static SyntaxNode? GetEnclosingUsing(BaseObjectCreationExpressionSyntax creation)
    {
        if (creation.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } })
        {
            return null;
        }

        return declaration.Parent switch
        {
            UsingStatementSyntax statement => statement,
            LocalDeclarationStatementSyntax local when local.UsingKeyword != default => local,
            _ => null,
        };
    }

    private static LocalDeclarationStatementSyntax RemoveUsing(LocalDeclarationStatementSyntax original, LocalDeclarationStatementSyntax current)
        => current.WithAwaitKeyword(default).WithUsingKeyword(default)
            .WithLeadingTrivia(original.GetLeadingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary><c>using (var x = s_x) body</c> becomes <c>{ var x = s_x; body }</c>, spliced into the parent block later where safe.</summary>
    private static BlockSyntax ToBlock(UsingStatementSyntax statement)
    {
        var declaration = SyntaxFactory.LocalDeclarationStatement(statement.Declaration!.WithoutTrivia());
        var body = statement.Statement is BlockSyntax block ? block.Statements : SyntaxFactory.SingletonList(statement.Statement);
        return SyntaxFactory.Block(body.Insert(0, declaration))
            .WithLeadingTrivia(statement.GetLeadingTrivia())
            .WithTrailingTrivia(statement.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation, s_spliceAnnotation);
    }

    /// <summary>Inlines a block made from a using statement when it is the last statement of its parent block, so no scope changes.</summary>
    private static SyntaxNode SpliceBlocks(SyntaxNode root)
    {
        var parents = root.GetAnnotatedNodes(s_spliceAnnotation)
            .Where(node => node.Parent is BlockSyntax parent && parent.Statements.Last() == node)
            .Select(node => node.Parent!)
            .ToList();

        return root.ReplaceNodes(parents, (_, current) =>
        {
            var parent = (BlockSyntax)current;
            var last = (BlockSyntax)parent.Statements.Last();
            var statements = parent.Statements.RemoveAt(parent.Statements.Count - 1).AddRange(last.Statements);
            return parent.WithStatements(statements).WithAdditionalAnnotations(Formatter.Annotation);
        });
    }

    private static TypeDeclarationSyntax AddFields(TypeDeclarationSyntax type, List<FieldDeclarationSyntax> fields)
    {
        var lastFieldIndex = -1;
        for (var i = 0; i < type.Members.Count; i++)
        {
            if (type.Members[i] is FieldDeclarationSyntax)
            {
                lastFieldIndex = i;
            }
        }

        return type.WithMembers(type.Members.InsertRange(lastFieldIndex + 1, fields));
    }
}
