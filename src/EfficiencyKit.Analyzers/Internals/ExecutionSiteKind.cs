namespace EfficiencyKit.Analyzers.Internals;

/// <summary>How often code at a given place runs, as far as the analyzer can tell.</summary>
internal enum ExecutionSiteKind
{
    /// <summary>Runs once per process or per object: constructors, initialisers, Main, singleton registrations.</summary>
    Once,

    /// <summary>Runs once per iteration of a loop statement.</summary>
    Loop,

    /// <summary>Runs once per item: a lambda passed to LINQ, List.ForEach or Parallel.</summary>
    PerItem,

    /// <summary>Runs once per incoming request: controller actions, minimal API handlers, hubs, functions.</summary>
    PerRequest,

    /// <summary>Runs every time an ordinary method, local function or lambda is called.</summary>
    PerCall,

    /// <summary>Runs every time a property is read.</summary>
    PerPropertyRead,
}
