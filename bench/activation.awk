# The gawk peer: relu / leaky_relu over every field of CSV (a non-numeric first row is a header and
# passes) or NDJSON arrays of numbers (ndjson=1). gawk computes in double; CONVFMT %.9g prints
# enough digits for any float32 result. gawk has no erf, so it has no gelu.
#   gawk -v op=leaky_relu [-v ndjson=1] -f activation.awk IN > OUT
BEGIN { FS = OFS = ","; CONVFMT = "%.9g"; alpha = op == "relu" ? 0 : 0.01 }
NR == 1 && !ndjson && $1 !~ /^[-+.0-9]/ { print; next }
{
  if (ndjson) { $0 = substr($0, 2, length($0) - 2) }  # strip [ ] and re-split
  for (i = 1; i <= NF; i++) if ($i < 0) $i = alpha * $i + 0  # + 0: relu gives 0, not -0
  print ndjson ? "[" $0 "]" : $0
}
