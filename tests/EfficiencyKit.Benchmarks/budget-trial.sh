#!/usr/bin/env bash
# The energy-budget trials quoted in docs/budgets.md: one baseline of the profiler workload's fixed-work pipeline, then
# checks of the unchanged workload and of a 1.5x Sites.Encode (exit 0 = pass, 1 = regression).
#   SCALE=1      the scenario's length (1 is about 1 s of CPU; 0.3 the short scenario of the false-alarm trial)
#   RUNS=7       runs per baseline and per check
#   CHECKS=10    checks of each kind
#   LOAD=0       1: a busy loop on one core during the checks but not the baseline (a machine that drifted)
# Run from the repository root after `dotnet build`; logs and results go to $TMPDIR/budget-trial/.
set -u
cd "$(dirname "$0")/../.."
scale="${SCALE:-1}"; runs="${RUNS:-7}"; checks="${CHECKS:-10}"
energy="dotnet src/dotnet-energy/bin/Debug/net8.0/dotnet-energy.dll"
workload="tests/EfficiencyKit.Profiler.Workload/bin/Debug/net10.0/EfficiencyKit.Profiler.Workload.dll"
logs="${TMPDIR:-/tmp}/budget-trial"
rm -rf "$logs" && mkdir -p "$logs"
budget="$logs/budget.json"
rollup=(--roll-up Sites.SquareRoots Sites.Measure)
$energy baseline --budget "$budget" --scenario pipeline --runs "$runs" "${rollup[@]}" -- dotnet "$workload" budget 1 "$scale" 2>&1 | grep -v '^run '
busy=""
if [ "${LOAD:-0}" = 1 ]; then
  sh -c 'while :; do :; done' & busy=$!
  trap 'kill $busy' EXIT
fi
for i in $(seq 1 "$checks"); do
  $energy check --budget "$budget" --result "$logs/unchanged-$i.json" "${rollup[@]}" > "$logs/unchanged-$i.log" 2>&1
  echo "unchanged check $i: exit $?"
done
for i in $(seq 1 "$checks"); do
  $energy check --budget "$budget" --scenario pipeline --result "$logs/regressed-$i.json" "${rollup[@]}" -- dotnet "$workload" budget 1.5 "$scale" > "$logs/regressed-$i.log" 2>&1
  echo "1.5x Encode check $i: exit $?"
done
