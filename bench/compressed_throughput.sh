#!/usr/bin/env bash
# Compressed-file throughput (README "Messy files"): relu of bench/data/rows1000000.csv (made by
# gen_data.py) read as .csv.gz / .csv.zst by nnact itself against `zcat | nnact` and
# `zstdcat | nnact`, and the live-pipe check: a plain file against `cat file | nnact` (a fast
# pipe takes the same large blocks). Paired rounds (A B A B ...), medians of wall and CPU time.
# Usage: bench/compressed_throughput.sh [ROUNDS] > bench/results/compressed-DATE.md
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
nnact=build/nnact
csv=bench/data/rows1000000.csv
[[ -f $csv ]] || /usr/bin/python3 bench/gen_data.py --npy 1000 >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gzip -6 -c "$csv" > "$work/f.csv.gz"
zstd -q -3 -c "$csv" > "$work/f.csv.zst"

# "wall cpu" seconds of one shell command (cpu: user + system of all its processes), output to
# /dev/null. CPU time is the figure that holds on a loaded machine; wall time needs a quiet one.
measure() {
  /usr/bin/time -f '%e %U %S' -o "$work/t" bash -c "$1" > /dev/null
  awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$work/t"
}
median() { sort -g | awk '{v[NR] = $1} END {printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# Pairs: label A, command A, label B, command B; medians of wall and CPU time.
pair() {
  local a=() b=()
  for ((i = 0; i < rounds; i++)); do
    a+=("$(measure "$2")")
    b+=("$(measure "$4")")
  done
  local aw ac bw bc
  aw=$(printf '%s\n' "${a[@]}" | cut -d' ' -f1 | median)
  ac=$(printf '%s\n' "${a[@]}" | cut -d' ' -f2 | median)
  bw=$(printf '%s\n' "${b[@]}" | cut -d' ' -f1 | median)
  bc=$(printf '%s\n' "${b[@]}" | cut -d' ' -f2 | median)
  printf '| %s | %s s | %s s | %s | %s s | %s s |\n' "$1" "$aw" "$ac" "$3" "$bw" "$bc"
}

echo "# Compressed-file and live-pipe throughput, $(date -u +%Y-%m-%d)"
echo
echo "relu of $csv ($(stat -c %s "$csv") bytes; .gz $(stat -c %s "$work/f.csv.gz"), .zst $(stat -c %s "$work/f.csv.zst")),"
echo "$rounds paired rounds, medians of wall and CPU (user + system) time; $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| A | wall | CPU | B | wall | CPU |"
echo "|---|---|---|---|---|---|"
pair "nnact f.csv.gz" "$nnact --op relu $work/f.csv.gz" "zcat f.csv.gz \| nnact" "zcat $work/f.csv.gz | $nnact --op relu"
pair "nnact f.csv.zst" "$nnact --op relu $work/f.csv.zst" "zstdcat f.csv.zst \| nnact" "zstdcat $work/f.csv.zst | $nnact --op relu"
pair "nnact f.csv" "$nnact --op relu $csv" "cat f.csv \| nnact" "cat $csv | $nnact --op relu"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
