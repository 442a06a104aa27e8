#!/usr/bin/env bash
# Regenerates pgo/vanban.profdata, the execution profile the release build is optimised
# with (profile-guided optimisation; .cargo/config.toml passes it to rustc).
#
# Usage: benches/pgo.sh            (from anywhere; takes a full release build's time)
#
# 1. builds vanban instrumented (-Cprofile-generate) in its own target directory;
# 2. runs the work the benches time, on the shipped inputs and a generated 60-agency
#    period: the city run, `report`, `decision`, `remind` (the run checks every
#    submission, as the web page's upload does);
# 3. merges the counts with the toolchain's own llvm-profdata (rustup component
#    llvm-tools: its LLVM must be the one rustc uses) into a sparse profile.
#
# Run it again when the code has changed a lot (functions whose code changed since the
# profile was taken are simply optimised without it) or when the toolchain is upgraded.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

sysroot=$(rustc --print sysroot)
host=$(rustc -vV | sed -n 's/^host: //p')
PROFDATA="$sysroot/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$PROFDATA" ]; then
  rustup component add llvm-tools
fi

# RUSTFLAGS replaces the configuration's flags: the instrumented build does not read the
# profile it replaces. The counts go to a fixed directory (a path that changed from run
# to run would change the flags and rebuild every crate).
RAW="$ROOT/target/pgo-generate/raw"
RUSTFLAGS="-Cprofile-generate=$RAW" \
  cargo build --release --target-dir "$ROOT/target/pgo-generate"
BIN="$ROOT/target/pgo-generate/release/vanban"
# The build's own instrumented build scripts and proc macros left counts there too.
rm -rf "$RAW"

for i in 1 2 3; do "$BIN" run --quiet -o "$WORK/city" >/dev/null; done
"$BIN" report -o "$WORK/one" >/dev/null 2>&1
"$BIN" decision inputs/quyet-dinh/qd-3472-2018.toml -o "$WORK/one" >/dev/null
"$BIN" remind -o "$WORK/one" >/dev/null

. benches/generated-period.sh
generated_period "$BIN" "$WORK"
"$BIN" run --quiet --config "$WORK/s60.toml" -o "$WORK/out60" >/dev/null

mkdir -p pgo
"$PROFDATA" merge --sparse -o pgo/vanban.profdata.tmp "$RAW"
mv pgo/vanban.profdata.tmp pgo/vanban.profdata
ls -l pgo/vanban.profdata
