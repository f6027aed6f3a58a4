using System.Collections.Concurrent;

namespace EfficiencyKit.Analyzers.Internals;

internal static class DictionaryExtensions
{
    /// <summary>Adds <paramref name="value"/> to the list kept under <paramref name="key"/>, starting the list when there is none.</summary>
    public static void AddToList<TKey, TValue>(this Dictionary<TKey, List<TValue>> dictionary, TKey key, TValue value)
    {
        if (!dictionary.TryGetValue(key, out var list))
        {
            list = [];
            dictionary.Add(key, list);
        }

        list.Add(value);
    }

    /// <summary>
    /// The kept answer for <paramref name="key"/>, or a new one kept. The lookup comes first, so a hit costs no call of
    /// <paramref name="compute"/>; two threads may compute the same answer, and the first kept wins.
    /// </summary>
    public static TValue GetOrCompute<TKey, TValue>(this ConcurrentDictionary<TKey, TValue> answers, TKey key, Func<TKey, TValue> compute)
        where TKey : notnull
    {
        if (!answers.TryGetValue(key, out var answer))
        {
            answer = answers.GetOrAdd(key, compute(key));
        }

        return answer;
    }
}
