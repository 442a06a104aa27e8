#!/usr/bin/env bash
# Peak memory and time for inputs at the default limits (issue: bounded memory).
# Usage: benches/limits.sh            (from the repository root; builds --release)
#
# Generates legitimate but huge submissions — one agency's rows filled down — with the
# `large-submission` example, each as large as the default limits let in:
#   form      vanban's own form (formats, drop-downs), 150,000 rows: 197.5 MiB
#             unzipped, just under the 200 MB limit;
#   plain     one plain sheet, 221,000 rows × 9 columns: just under 2,000,000 cells;
#   distinct  as plain, but two texts of every row differ (nothing shared between rows).
# Then measures `check` with its feedback copy, `check --format json`, and `run` and
# `report` over a folder holding one such file beside the shipped samples. Wall time and
# peak RSS from /usr/bin/time. Nothing here is asserted; the README quotes the output.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin vanban --example large-submission
BIN=target/release/vanban
GEN=target/release/examples/large-submission
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed (Debian package: time)"; exit 1; }

measure() { # label, command...
  local label=$1; shift
  local rc=0
  /usr/bin/time -f "%e %M" -o "$WORK/t" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
  read -r secs kb < <(tail -n 1 "$WORK/t")
  printf '%-44s %7.2f s   peak RSS %4d MB   exit %d\n' "$label" "$secs" "$((kb / 1024))" "$rc"
}

$GEN 150000 "$WORK/form/SNV-q1-2019.xlsx" >/dev/null
$GEN --plain 221000 "$WORK/plain/SNV-q1-2019.xlsx" >/dev/null
$GEN --plain --distinct 221000 "$WORK/distinct/SNV-q1-2019.xlsx" >/dev/null
for kind in form plain distinct; do
  f="$WORK/$kind/SNV-q1-2019.xlsx"
  printf '%s: %s bytes, %s bytes unzipped\n' "$kind" "$(stat -c %s "$f")" \
    "$(python3 -c "import zipfile,sys; print(sum(i.file_size for i in zipfile.ZipFile(sys.argv[1]).infolist()))" "$f")"
done
echo

for kind in form plain distinct; do
  f="$WORK/$kind/SNV-q1-2019.xlsx"
  measure "check $kind + feedback copy" $BIN check "$f" --period q1-2019 --as-of 06/03/2019 --feedback "$WORK/fb-$kind"
  measure "check $kind --format json" $BIN check "$f" --period q1-2019 --as-of 06/03/2019 --no-feedback --format json
  printf '%44s %s findings in the JSON, %s bytes of text output\n' "" \
    "$(grep -c '"code"' "$WORK/stdout")" \
    "$($BIN check "$f" --period q1-2019 --as-of 06/03/2019 --no-feedback | wc -c)"
done
echo

# A period folder: the shipped samples and one large file (a second SNV report, which
# counts as the latest), run and report with the shipped configuration.
for kind in plain distinct; do
  mkdir -p "$WORK/run-$kind/bao-cao/q1-2019"
  cp inputs/bao-cao/q1-2019/* "$WORK/run-$kind/bao-cao/q1-2019/"
  cp "$WORK/$kind/SNV-q1-2019.xlsx" "$WORK/run-$kind/bao-cao/q1-2019/SNV-q1-2019 (gui lai).xlsx"
  sed -e "s#submissions = \"inputs/bao-cao\"#submissions = \"$WORK/run-$kind/bao-cao\"#" \
      -e "s#^output = \"output\"#output = \"$WORK/run-$kind/out\"#" vanban.toml >"$WORK/run-$kind/vanban.toml"
  measure "run: samples + $kind" $BIN run --quiet --config "$WORK/run-$kind/vanban.toml"
  measure "report: samples + $kind" $BIN report --config "$WORK/run-$kind/vanban.toml"
done
measure "run: shipped samples only" $BIN run --quiet -o "$WORK/city"
