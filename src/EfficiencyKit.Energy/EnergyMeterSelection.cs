using System.Collections.Generic;

namespace EfficiencyKit.Energy;

/// <summary>The meter chosen, and one note per source that was considered and not used, saying why (for the report).</summary>
public sealed record EnergyMeterSelection(IEnergyMeter Meter, IReadOnlyList<string> Notes);
