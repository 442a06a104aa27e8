# Sourced by benches/run-scale.sh and benches/pgo.sh (from the repository root):
# generated_period BIN DIR writes a generated 60-agency Quý I/2019 (registry and
# submissions) into DIR/s60 and its configuration into DIR/s60.toml, with the issuers,
# signers and recipients of the shipped vanban.toml.
generated_period() {
  local bin=$1 dir=$2
  "$bin" sample --agencies 60 --period q1-2019 -o "$dir/s60" >/dev/null
  cat > "$dir/s60.toml" <<TOML
period = "q1-2019"
as_of = "2019-03-06"
[inputs]
registry = "$dir/s60/co-quan.toml"
submissions = "$dir/s60/bao-cao"
TOML
  sed -n '/^\[documents\]/,$p' vanban.toml >> "$dir/s60.toml"
}
