namespace EfficiencyKit.Analyzers.Tests.Rules;

/// <summary>EK1102 across one method boundary: a helper of the compilation that runs the session on a batch of one, called per item.</summary>
public sealed class BatchInferenceRunsHelperTests
{
    private const string Encoder = """
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.ML.OnnxRuntime;
        using Microsoft.ML.OnnxRuntime.Tensors;

        public sealed class TextEncoder(InferenceSession session)
        {
            public float[] Encode(long[] tokens)
            {
                var ids = new DenseTensor<long>(new[] { 1, tokens.Length });
                for (var i = 0; i < tokens.Length; i++)
                {
                    ids[0, i] = tokens[i];
                }

                IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs;
                try
                {
                    outputs = session.Run(new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("input_ids", ids) });
                }
                catch (OnnxRuntimeException)
                {
                    return new float[384];
                }

                using (outputs)
                {
                    return outputs.First().AsEnumerable<float>().ToArray();
                }
            }

            public float[][] EncodeBatch(long[][] batch, int width)
            {
                var ids = new DenseTensor<long>(new[] { batch.Length, width });
                using var outputs = session.Run(new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("input_ids", ids) });
                return new float[batch.Length][];
            }
        }
        """;

    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder().WithAnalyzer<BatchInferenceRunsAnalyzer>();

    [Fact]
    public Task Helper_in_another_file_called_per_item_inside_Task_Run()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                public sealed class Indexer(TextEncoder encoder)
                {
                    public Task<List<float[]>> IndexAsync(IEnumerable<long[]> documents)
                        => Task.Run(() =>
                        {
                            var vectors = new List<float[]>();
                            foreach (var tokens in documents)
                            {
                                vectors.Add([|encoder.Encode(tokens)|]);
                            }

                            return vectors;
                        });
                }
                """)
            .WithSourceCode(Encoder)
            .ShouldReport(DiagnosticSeverity.Warning, "'Encode' runs per iteration of a 'foreach' loop on a batch of one (it calls 'Run' on new[] { 1, tokens.Length }); stack the items into one tensor with a batch dimension and call 'Encode' once per batch")
            .ValidateAsync();

    [Fact]
    public Task Helper_called_per_item_of_a_Select()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Linq;

                public sealed class Indexer(TextEncoder encoder)
                {
                    public List<float[]> Index(IEnumerable<long[]> documents) => documents.Select(tokens => [|encoder.Encode(tokens)|]).ToList();
                }
                """)
            .WithSourceCode(Encoder)
            .ShouldReport(DiagnosticSeverity.Warning, "per item of the lambda passed to 'Select'")
            .ValidateAsync();

    [Fact]
    public Task Helper_called_once_or_per_batch_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Linq;

                public sealed class Search(TextEncoder encoder)
                {
                    public float[] Query(long[] tokens) => encoder.Encode(tokens);

                    public List<float[]> Index(long[][] documents)
                    {
                        var vectors = new List<float[]>();
                        foreach (var batch in documents.Chunk(64))
                        {
                            vectors.AddRange(encoder.EncodeBatch(batch, 128));
                        }

                        foreach (var only in new[] { documents[0] })
                        {
                            vectors.Add(encoder.Encode(only));
                        }

                        return vectors;
                    }
                }
                """)
            .WithSourceCode(Encoder)
            .ValidateAsync();
}
