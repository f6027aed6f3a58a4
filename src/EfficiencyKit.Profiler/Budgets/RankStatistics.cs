using System;
using System.Collections.Generic;
using System.Linq;

namespace EfficiencyKit.Profiler.Budgets;

/// <summary>Medians, spreads and the one-sided Mann-Whitney U test the budget check uses (docs/budgets.md).</summary>
public static class RankStatistics
{
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        var sorted = values.OrderBy(v => v).ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Median absolute deviation from the median: the spread a budget records.</summary>
    public static double MedianAbsoluteDeviation(IReadOnlyList<double> values)
    {
        var median = Median(values);
        return Median(values.Select(v => Math.Abs(v - median)).ToArray());
    }

    /// <summary>
    /// One-sided p-value of the Mann-Whitney U test that <paramref name="candidate"/> tends to be larger than
    /// <paramref name="baseline"/>: the probability, with no real difference, of a U statistic at least as large as
    /// the one observed. Exact (all rank assignments are equally likely) with ties counted as one half; with 5 runs on
    /// each side the smallest possible p is 1/252 ≈ 0.004.
    /// </summary>
    public static double MannWhitneyGreaterPValue(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate)
    {
        int m = candidate.Count, n = baseline.Count;
        if (m == 0 || n == 0)
        {
            throw new ArgumentException("Both samples need values.");
        }

        // U counts the (candidate, baseline) pairs where the candidate is larger, ties as halves; doubled to stay integral.
        var observed = candidate.Sum(c => baseline.Sum(b => c > b ? 2 : c == b ? 1 : 0));

        // counts[k][u] = number of ways k candidate items among the first positions give 2U = u, computed over the
        // pooled order statistics; with ties, the doubled U distribution is taken over the same tie structure.
        var pooled = baseline.Select(v => (Value: v, Candidate: false)).Concat(candidate.Select(v => (Value: v, Candidate: true))).OrderBy(p => p.Value).ToArray();
        var ranks = MidRanksTimesTwo(pooled.Select(p => p.Value).ToArray());
        var maxRankSum = ranks.Sum();
        var ways = new double[m + 1, maxRankSum + 1];
        ways[0, 0] = 1;
        foreach (var rank in ranks)
        {
            for (var k = m; k >= 1; k--)
            {
                for (var s = maxRankSum; s >= rank; s--)
                {
                    ways[k, s] += ways[k - 1, s - rank];
                }
            }
        }

        // 2U = 2·(rank sum of the candidate) − m(m+1), with ranks doubled: doubled rank sum − m(m+1).
        var observedRankSum = observed + (m * (m + 1));
        double atLeast = 0, total = 0;
        for (var s = 0; s <= maxRankSum; s++)
        {
            total += ways[m, s];
            if (s >= observedRankSum)
            {
                atLeast += ways[m, s];
            }
        }

        return atLeast / total;
    }

    /// <summary>Ranks 1..N of sorted values, ties sharing their mean rank, all doubled so half ranks stay integers.</summary>
    private static int[] MidRanksTimesTwo(double[] sorted)
    {
        var ranks = new int[sorted.Length];
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[i])
            {
                j++;
            }

            // Positions i..j (ranks i+1..j+1) share the mean rank (i+j+2)/2; doubled: i+j+2.
            for (var k = i; k <= j; k++)
            {
                ranks[k] = i + j + 2;
            }

            i = j + 1;
        }

        return ranks;
    }
}
