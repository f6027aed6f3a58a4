#!/usr/bin/env bash
# The energy-budget trial quoted in docs/budgets.md: one baseline of 7 runs of the profiler workload's fixed-work
# pipeline, then 10 checks of the unchanged workload and 10 of a 1.5x Sites.Encode (exit 0 = pass, 1 = regression).
# Run from the repository root after `dotnet build`; logs go to $TMPDIR/budget-trial-*.log.
set -u
cd "$(dirname "$0")/../.."
energy="dotnet src/dotnet-energy/bin/Debug/net8.0/dotnet-energy.dll"
workload="tests/EfficiencyKit.Profiler.Workload/bin/Debug/net10.0/EfficiencyKit.Profiler.Workload.dll"
logs="${TMPDIR:-/tmp}"
budget="$logs/budget-trial.json"
rollup=(--roll-up Sites.SquareRoots Sites.Measure)
rm -f "$budget"
$energy baseline --budget "$budget" --scenario pipeline --runs 7 "${rollup[@]}" -- dotnet "$workload" budget 1 | tail -8
for i in $(seq 1 10); do
  $energy check --budget "$budget" "${rollup[@]}" > "$logs/budget-trial-unchanged-$i.log" 2>&1
  echo "unchanged check $i: exit $?"
done
for i in $(seq 1 10); do
  $energy check --budget "$budget" --scenario pipeline "${rollup[@]}" -- dotnet "$workload" budget 1.5 > "$logs/budget-trial-regressed-$i.log" 2>&1
  echo "1.5x Encode check $i: exit $?"
done
