#!/usr/bin/env bash
# Peak RSS of nnact on a large safetensors file (issue 12: <= 64 MiB on a >= 2 GiB file).
# Writes a 2.25 GiB model in $TMPDIR (9 tensors: 4 BF16 encoder weights of 256 MiB, 4 F32
# decoder weights of 320 MiB, an I64 token table), runs gelu on the encoder weights and relu on
# everything floating, each under /usr/bin/time -v, checks the output's size, and deletes both.
# Usage: bench/safetensors_rss.sh [path/to/nnact]   (prints the figures; run on purpose)
set -euo pipefail
nnact=${1:-build/nnact}
dir=$(mktemp -d "${TMPDIR:-/tmp}/nnact-rss.XXXXXX")
trap 'rm -rf "$dir"' EXIT
/usr/bin/python3 - "$dir/big.safetensors" <<'PY'
import json, struct, sys
mib = 1 << 20
tensors = [(f"enc.{i}.weight", "BF16", 2, [8192, 16384]) for i in range(4)]
tensors += [(f"dec.{i}.weight", "F32", 4, [8192, 10240]) for i in range(4)]
tensors += [("token_ids", "I64", 8, [4096])]
header, at = {"__metadata__": {"format": "pt"}}, 0
for name, dtype, size, shape in tensors:
    n = size
    for d in shape: n *= d
    header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [at, at + n]}
    at += n
text = json.dumps(header).encode()
text += b" " * (-len(text) % 8)
# A repeating block of ordinary values (the bytes of 0.5, -1.25, 3.0, ... in each dtype).
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text)
    for name, dtype, size, shape in tensors:
        n = header[name]["data_offsets"][1] - header[name]["data_offsets"][0]
        if dtype == "BF16":
            block = b"".join(struct.pack("<f", (k % 97 - 48) / 16)[2:] for k in range(mib // 2))
        elif dtype == "F32":
            block = struct.pack(f"<{mib // 4}f", *[(k % 89 - 44) / 8 for k in range(mib // 4)])
        else:
            block = struct.pack(f"<{n // 8}q", *range(n // 8))
        while n > 0:
            f.write(block[:n]); n -= len(block[:n])
PY
size=$(stat -c %s "$dir/big.safetensors")
echo "input: $size bytes ($(awk "BEGIN{printf \"%.2f\", $size/2^30}") GiB)"
run() {
  /usr/bin/time -v "$nnact" "$@" 2>"$dir/time.txt" >/dev/null
  local rss secs
  rss=$(awk '/Maximum resident/ {print $NF}' "$dir/time.txt")
  secs=$(awk -F': ' '/Elapsed/ {print $2}' "$dir/time.txt")
  echo "nnact $*: peak RSS $((rss / 1024)) MiB ($rss kB), elapsed $secs, output $(stat -c %s "$dir/out.safetensors") bytes"
  rm -f "$dir/out.safetensors"
}
run --op gelu -f 'enc.*.weight' "$dir/big.safetensors" -o "$dir/out.safetensors"
run --op relu "$dir/big.safetensors" -o "$dir/out.safetensors"
