#!/usr/bin/env bash
# The main job, end to end on the bundled samples: build the wasteful samples (EfficiencyKit's warnings), profile them
# with dotnet-energy, profile their fixed twins, and print joules per useful output before and after, per method,
# with HTML reports (flame graphs included). A few minutes on 2 cores; everything it writes goes to artifacts/tour/.
#
#   samples/DocumentSearch   local inference (ONNX Runtime, a model generated at build time): 238 documents and
#                            20 queries embedded; the twin DocumentSearch.Fixed caches the session, batches, keeps
#                            graph optimizations, loads the int8 model and uses TensorPrimitives.
#   samples/TicketTriage     remote models (OpenAI SDK + Microsoft.Extensions.AI) against a local stand-in endpoint:
#                            24 tickets triaged and answered from a 30-article help centre; the twin
#                            TicketTriage.Fixed is what accepting every EfficiencyKit code fix produces.
#
# Each app is profiled three times and compared through its median run, with the range of all three: one run's noise
# (the page cache, a neighbour on the machine) neither makes nor breaks the headline.
#
# Usage: samples/tour.sh [--quick]   (--quick: 60 documents, 5 queries and 8 tickets, one run each, for a fast look)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
out="$repo/artifacts/tour"
mkdir -p "$out"
documents=238; queries=20; tickets=24; runs=3
if [[ "${1:-}" == "--quick" ]]; then documents=60; queries=5; tickets=8; runs=1; fi
embeddings=$((documents + queries))

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }
energy() { dotnet "$repo/src/dotnet-energy/bin/Debug/net8.0/dotnet-energy.dll" "$@"; }
# Builds a project and lists its EfficiencyKit warnings.
build_showing_findings() {
    local log="$out/$(basename "$1").build.log"
    # Build (incrementally), then recompile the project alone (NonExistentFile makes its CoreCompile out of date) so
    # that every finding is reported again even when nothing changed.
    if ! { dotnet build "$1" -nologo -v q && dotnet build "$1" --no-restore --no-dependencies -nologo -v q -p:NonExistentFile="tour-$RANDOM" -p:ErrorLog="$out/$(basename "$1").sarif"; } > "$log" 2>&1; then
        cat "$log"; echo "tour: building $1 failed (log above)" >&2; exit 1
    fi
    local findings
    # file(line,col): warning EKnnnn: message, without the help link and the project suffix.
    findings="$(grep -oE '[^/ ]+\.cs\([0-9]+,[0-9]+\): warning EK[0-9]+: .*' "$log" | sed -E 's/ \(https:[^)]*\)//; s/ \[[^]]*\.csproj\]$//' | sort -u || true)"
    if [[ -n "$findings" ]]; then echo "$findings" | sed 's/^/  /'; else echo "  (no EfficiencyKit warnings)"; fi
}
profile() { # name unit program args...: profiles it $runs times, as $name.1.html and .json, $name.2.html and .json, ...
    local name="$1" unit="$2"; shift 2
    for run in $(seq 1 "$runs"); do
        # Each run keeps its own collection; 'run' writes the HTML page (with the flame graph, which needs the stacks a
        # report.json does not keep) and report.json beside the raw trace.
        local collection="$out/collections/$name.$run"
        # ONNX Runtime's managed frames bill their energy to the sample's calling methods; its native threads' CPU is
        # billed to the managed samples inside InferenceSession.Run (docs/profiler.md), and so rolls up to the same methods.
        energy run --roll-up Microsoft.ML.OnnxRuntime --format html --functional-unit "$unit" --output "$out/$name.$run.html" --collection-dir "$collection" -- "$@" > "$out/$name.$run.log" 2>&1 \
            || { cat "$out/$name.$run.log"; echo "tour: profiling $name (run $run) failed (log above)" >&2; exit 1; }
        cp "$collection/report.json" "$out/$name.$run.json"
        grep -E 'documents indexed|tickets answered' "$out/$name.$run.log" | sed "s/^/  run $run: /" || true
    done
}
runs_of() { seq -s, -f "$out/$1.%g.json" 1 "$runs"; }

step "1/6 Building dotnet-energy, and the EfficiencyKit packages the samples reference"
# The samples restore EfficiencyKit and EfficiencyKit.Runtime from artifacts/packages as a user's project restores them
# from a feed (samples/Directory.Build.props); these two projects pack on build.
for project in src/dotnet-energy src/EfficiencyKit.Package src/EfficiencyKit.Runtime; do
    dotnet build "$project" -nologo -v q > "$out/$(basename "$project").build.log" 2>&1 || { cat "$out/$(basename "$project").build.log"; exit 1; }
done
echo "  ok: $(cd artifacts/packages && ls EfficiencyKit.*.nupkg | tr '\n' ' ')"

step "2/6 Building the wasteful samples: what EfficiencyKit flags at build time"
echo "samples/DocumentSearch (local inference):"
build_showing_findings samples/DocumentSearch
echo "samples/TicketTriage (remote models):"
build_showing_findings samples/TicketTriage
echo "  Info-level findings (EK1202 smaller model, EK1301 output cap, EK1203, EK1501 TensorPrimitives, ...) are in the"
echo "  SARIF logs in artifacts/tour/*.sarif and in the IDE."
echo "Building the fixed twins:"
build_showing_findings samples/DocumentSearch.Fixed
build_showing_findings samples/TicketTriage.Fixed

# Collections of an earlier tour (one folder per run) would otherwise pile up beside this one's.
rm -rf "$out/collections"
step "3/6 Profiling the local-inference sample, wasteful then fixed ($embeddings embeddings each, $runs runs each)"
profile DocumentSearch.before "embedding=$embeddings" dotnet samples/DocumentSearch/bin/Debug/net10.0/DocumentSearch.dll --documents "$documents" --queries "$queries"
profile DocumentSearch.after "embedding=$embeddings" dotnet samples/DocumentSearch.Fixed/bin/Debug/net10.0/DocumentSearch.Fixed.dll --documents "$documents" --queries "$queries"

step "4/6 Profiling the remote-model sample, wasteful then fixed ($tickets tickets each, $runs runs each)"
profile TicketTriage.before "ticket=$tickets" dotnet samples/TicketTriage/bin/Debug/net10.0/TicketTriage.dll --tickets "$tickets"
profile TicketTriage.after "ticket=$tickets" dotnet samples/TicketTriage.Fixed/bin/Debug/net10.0/TicketTriage.Fixed.dll --tickets "$tickets"

step "5/6 Local inference: joules per embedding, before and after the fixes"
energy compare "$(runs_of DocumentSearch.before)" "$(runs_of DocumentSearch.after)" --unit "embedding=$embeddings" --top 6

step "6/6 Remote models: joules per ticket, before and after the fixes"
energy compare "$(runs_of TicketTriage.before)" "$(runs_of TicketTriage.after)" --unit "ticket=$tickets" --top 6

printf '\nReports: artifacts/tour/*.html (open in a browser), artifacts/tour/*.json; raw collections in artifacts/tour/collections/<name>.<run>.\n'
