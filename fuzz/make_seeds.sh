#!/usr/bin/env bash
# Writes the seed corpus fuzz/corpus/<target>/ from samples/ (run from the repository root).
# The fuzzers add what they find in fuzz/out/; seeds stay small and readable.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/{csv,tsv,json,cli}
for f in samples/*.csv; do
  cp "$f" "fuzz/corpus/csv/$(basename "$f")"
  tr ',' '\t' <"$f" >"fuzz/corpus/tsv/$(basename "$f" .csv).tsv"
done
printf '"a ""q""",1\r\n-2,"3"\r\n' >fuzz/corpus/csv/quotes_crlf.csv
printf '\xef\xbb\xbfx,y\n1,2,3\n\n4\n' >fuzz/corpus/csv/bom_ragged.csv
for f in samples/*.json; do cp "$f" "fuzz/corpus/json/$(basename "$f")"; done
printf '{"a":[1e999,-0.0,null,true,"s\\u00e9"],"b":{"c":[[1,2],[3]]}}' >fuzz/corpus/json/mixed.json
# cli: the first line holds the options, the rest is standard input.
{ echo "--op relu"; cat samples/seed.csv; } >fuzz/corpus/cli/relu_csv
{ echo "--op leaky_relu --alpha 0.01 --to json"; cat samples/seed.csv; } >fuzz/corpus/cli/leaky_to_json
{ echo "--op gelu --approximate tanh --dtype float64"; cat samples/seed_nested.json; } >fuzz/corpus/cli/gelu_json
{ echo "--op softmax -f x,y --header yes"; cat samples/mixed.csv; } >fuzz/corpus/cli/softmax_fields
{ echo "--op crelu --to csv --precision 3"; cat samples/seed.json; } >fuzz/corpus/cli/crelu_json_to_csv
{ echo "--op sigmoid --from tsv -n"; tr ',' '\t' <samples/seed.csv; } >fuzz/corpus/cli/sigmoid_tsv
{ echo "--op relu6 -d ; --json-nonfinite literal"; printf '1;nan;-inf\n'; } >fuzz/corpus/cli/relu6_semicolon
mkdir -p fuzz/corpus/{ndjson,npy,txt}
printf '[1.0, -0.5, 3.4]\n{"a": -2.1, "b": [0.0, -6.5]}\n7\n\n"s"\n' >fuzz/corpus/ndjson/mixed.ndjson
printf '[[1.0, -0.5], [3.4, -2.1]]\n0.0 -6.5\n' >fuzz/corpus/txt/printed.txt
printf '1 -0.5 3.4\n-2.1\t0 -6.5\n' >fuzz/corpus/txt/seed.txt
/usr/bin/python3 - <<'PY'
import numpy as np
seed = [1.0, -0.5, 3.4, -2.1, 0.0, -6.5]
np.save("fuzz/corpus/npy/seed_f4.npy", np.array(seed, dtype="<f4"))
np.save("fuzz/corpus/npy/seed_f8_2x3.npy", np.array(seed, dtype="<f8").reshape(2, 3))
np.save("fuzz/corpus/npy/seed_be_f2.npy", np.array(seed, dtype=">f2"))
np.save("fuzz/corpus/npy/seed_i2_fortran.npy", np.asfortranarray(np.arange(-3, 3, dtype="<i2").reshape(2, 3)))
PY
# safetensors: 8-byte little-endian header length, the JSON header, the data (the published format).
mkdir -p fuzz/corpus/safetensors
/usr/bin/python3 - <<'PY'
import json, struct
def write(name, header, data, pad=b""):
    text = (json.dumps(header) if isinstance(header, dict) else header).encode() + pad
    with open(f"fuzz/corpus/safetensors/{name}.safetensors", "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)
f32 = lambda *v: struct.pack(f"<{len(v)}f", *v)
bf16 = lambda *v: b"".join(struct.pack("<f", x)[2:] for x in v)
write("empty", "{}", b"")
write("model", {"__metadata__": {"format": "pt"},
                "w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
                "ids": {"dtype": "I64", "shape": [2], "data_offsets": [24, 40]},
                "b": {"dtype": "BF16", "shape": [2, 3], "data_offsets": [40, 52]}},
      f32(1.0, -0.5, 3.4, -2.1, 0.0, -6.5) + struct.pack("<2q", 5, -6) + bf16(1.0, -0.5, 3.4, -2.1, 0.0, -6.5))
write("f16_3d", {"__metadata__": {"a": "b"}, "x": {"dtype": "F16", "shape": [2, 2, 2], "data_offsets": [0, 16]},
                 "z": {"dtype": "F32", "shape": [0, 3], "data_offsets": [16, 16]}},
      struct.pack("<8e", 0, 1, 2, 3, 4, 5, 6, 7))
write("scalar_f64", {"s": {"dtype": "F64", "shape": [], "data_offsets": [0, 8]}}, struct.pack("<d", 1e-300))
write("gap", '{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', bytes(8), pad=b" " * 6)
PY
# The decompressing readers: files made by the real tools, whole, concatenated, and cut short.
for t in gz:gzip zst:zstd bz2:bzip2 xz:xz; do
  name=${t%%:*} tool=${t#*:}
  mkdir -p "fuzz/corpus/$name"
  [ "$tool" = gzip ] && tool="gzip -n"  # no name or time stamp: the same bytes every run
  $tool -c samples/seed.csv >"fuzz/corpus/$name/seed.csv.$name"
  $tool -c samples/mixed.csv >"fuzz/corpus/$name/mixed.csv.$name"
  cat "fuzz/corpus/$name/seed.csv.$name" "fuzz/corpus/$name/mixed.csv.$name" >"fuzz/corpus/$name/two_members.$name"
  head -c 40 "fuzz/corpus/$name/mixed.csv.$name" >"fuzz/corpus/$name/truncated.$name"
done
# npz: what np.savez (stored) and np.savez_compressed (deflated) write.
mkdir -p fuzz/corpus/npz fuzz/corpus/roundtrip
/usr/bin/python3 - <<'PY'
import numpy as np
arrays = dict(w=np.array([[1.0, -0.5, 3.4], [-2.1, 0.0, -6.5]], "<f4"), ids=np.array([5, -6], "<i8"),
              h=np.array([-1, 0.5, np.inf, -0.0], "<f2"), d=np.array([1e-300, np.nan], ">f8"))
np.savez("fuzz/corpus/npz/stored.npz", **arrays)
np.savez_compressed("fuzz/corpus/npz/deflated.npz", **arrays)
np.savez_compressed("fuzz/corpus/npz/one.npz", x=np.float32(2.5))
PY
# roundtrip: every typed seed.
cp fuzz/corpus/npy/* fuzz/corpus/safetensors/* fuzz/corpus/npz/* fuzz/corpus/roundtrip/
