#!/usr/bin/env bash
# Compressed-file throughput (README "Messy files"): relu of bench/data/rows1000000.csv (made by
# gen_data.py) read as .csv.gz / .csv.zst by nnact itself against `zcat | nnact` and
# `zstdcat | nnact`, and the live-pipe check: a plain file against `cat file | nnact` (a fast
# pipe takes the same large blocks). Paired rounds (A B A B ...), wall time, medians.
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

# Wall seconds of one shell command, output to /dev/null.
wall() {
  local start end
  start=$(date +%s.%N)
  bash -c "$1" > /dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.3f\n", e - s}'
}
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# Pairs: label A, command A, label B, command B.
pair() {
  local a=() b=()
  for ((i = 0; i < rounds; i++)); do
    a+=("$(wall "$2")")
    b+=("$(wall "$4")")
  done
  printf '| %s | %.2f s | %s | %.2f s | %s |\n' "$1" "$(printf '%s\n' "${a[@]}" | median)" "$3" \
    "$(printf '%s\n' "${b[@]}" | median)" "${a[*]} / ${b[*]}"
}

echo "# Compressed-file and live-pipe throughput, $(date -u +%Y-%m-%d)"
echo
echo "relu of $csv ($(stat -c %s "$csv") bytes; .gz $(stat -c %s "$work/f.csv.gz"), .zst $(stat -c %s "$work/f.csv.zst")),"
echo "$rounds paired rounds, wall time medians; $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| A | median | B | median | all rounds (A / B) |"
echo "|---|---|---|---|---|"
pair "nnact f.csv.gz" "$nnact --op relu $work/f.csv.gz" "zcat f.csv.gz \| nnact" "zcat $work/f.csv.gz | $nnact --op relu"
pair "nnact f.csv.zst" "$nnact --op relu $work/f.csv.zst" "zstdcat f.csv.zst \| nnact" "zstdcat $work/f.csv.zst | $nnact --op relu"
pair "nnact f.csv" "$nnact --op relu $csv" "cat f.csv \| nnact" "cat $csv | $nnact --op relu"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
