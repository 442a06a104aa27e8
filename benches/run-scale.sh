#!/usr/bin/env bash
# Whole-run measurements (wall time, peak memory) and the LibreOffice comparison.
# Usage: benches/run-scale.sh            (from the repository root; builds --release)
# Prints: the shipped city run; a generated 60-agency run; a country-scale run (63 cities
# × 60 agencies, each city's documents); converting the city run's DOCX files with
# LibreOffice headless in one batch process, and the ratio. Nothing here is asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN=target/release/vanban
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

now() { date +%s.%N; }
measure() { # label, command...
  local label=$1; shift
  local t0 t1
  t0=$(now)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%M" -o "$WORK/rss" "$@" >/dev/null
    rss=$(( $(cat "$WORK/rss") / 1024 ))
  else
    "$@" >/dev/null; rss="?"
  fi
  t1=$(now)
  printf '%-46s %8.2f s   peak RSS %s MB\n' "$label" "$(echo "$t1 - $t0" | bc)" "$rss"
}

# 1. The shipped city run (every document in both formats), process start included.
measure "city run (shipped inputs, 35 agencies)" $BIN run --quiet -o "$WORK/city"

# 2. A generated 60-agency run.
. benches/generated-period.sh
generated_period "$BIN" "$WORK"
measure "generated run, 60 agencies" $BIN run --quiet --config "$WORK/s60.toml" -o "$WORK/out60"

# 3. Country scale: 63 cities of 60 agencies, one run per city, one after the other.
t0=$(now); peak=0
for i in $(seq 1 63); do
  /usr/bin/time -f "%M" -o "$WORK/rss" $BIN run --quiet --config "$WORK/s60.toml" -o "$WORK/country/$i" >/dev/null
  r=$(cat "$WORK/rss"); [ "$r" -gt "$peak" ] && peak=$r
done
t1=$(now)
printf '%-46s %8.2f s   peak RSS %s MB\n' "country scale, 63 × 60 agencies" "$(echo "$t1 - $t0" | bc)" "$((peak / 1024))"

# 4. LibreOffice converting the city run's DOCX files to PDF in one batch process.
if command -v soffice >/dev/null 2>&1; then
  docs=$(find "$WORK/city" -name '*.docx' | wc -l)
  mkdir -p "$WORK/lo"
  t0=$(now)
  HOME="$WORK/lo" soffice --headless --convert-to pdf --outdir "$WORK/lo" $(find "$WORK/city" -name '*.docx') >/dev/null 2>&1
  t1=$(now)
  lo=$(echo "$t1 - $t0" | bc)
  t0=$(now); $BIN run --quiet -o "$WORK/city2" >/dev/null; t1=$(now)
  vb=$(echo "$t1 - $t0" | bc)
  printf 'LibreOffice: %d DOCX → PDF in %.2f s (%.0f ms each); vanban: whole run in %.2f s\n' "$docs" "$lo" "$(echo "$lo * 1000 / $docs" | bc -l)" "$vb"
  printf 'ratio (LibreOffice conversion only ÷ vanban whole run): %.1f×\n' "$(echo "$lo / $vb" | bc -l)"
else
  echo "LibreOffice absent: comparison skipped"
fi
