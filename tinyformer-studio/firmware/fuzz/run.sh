#!/usr/bin/env bash
# Fuzz SparseEngine's blob validator (+ interpreter) and frame parser (+ request handlers) on the host with
# libFuzzer, AddressSanitizer and UBSan. Needs clang and libclang-rt-14-dev (Debian), java for the seed blobs.
#   tinyformer-studio/firmware/fuzz/run.sh [SECONDS_PER_TARGET]   (default 300)
# Prints, per target, the executions, the time and whether a crash was found (crash files in build/fuzz/).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-300}"
OUT=build/fuzz
mkdir -p "$OUT/corpus-blob" "$OUT/corpus-frames" "$OUT/vectors"
make -s fuzz OUT=build

# Seeds: every blob of the Java reference's kernel vectors (one-layer blobs and two whole models) ...
CLASSES=../target/classes
if [ -d "$CLASSES/studio/mammoth/tinyformer/reference" ]; then
  java -cp "$CLASSES:../../common/target/classes" studio.mammoth.tinyformer.reference.KernelVectors "$OUT/vectors" >/dev/null
fi
python3 - "$OUT" <<'PY'
import os, struct, sys, zlib
out = sys.argv[1]
for name in sorted(os.listdir(f"{out}/vectors")):
    data = open(f"{out}/vectors/{name}", "rb").read()
    at, (count,) = 12, struct.unpack_from("<I", data, 8)
    for _ in range(count):
        n = data[at]; key = data[at + 1:at + 1 + n].decode(); at += 1 + n
        kind, elements = data[at], struct.unpack_from("<I", data, at + 1)[0]; at += 5
        width = [0, 1, 1, 2, 2, 4, 4, 8, 8][kind]
        if key == "blob":
            open(f"{out}/corpus-blob/{name}.blob", "wb").write(data[at:at + elements * width])
        at += elements * width
# ... and request sequences in the harness's structured form (byte 0 odd): ping, info, an upload of a
# small model with verify / activate / infer, a profile and a benchmark request.
blobs = sorted(f for f in os.listdir(f"{out}/corpus-blob") if f.startswith("model_"))
def rec(t, p=b""): return bytes([t, len(p)]) + p
seqs = [b"\x01" + rec(1) + rec(2), b"\x01" + rec(0x12) + rec(0x13) + rec(0x14) + rec(0x21, b"\0\0"),
        b"\x01" + rec(0x30, struct.pack("<BHHHHBBBHI", 2, 2, 2, 8, 8, 1, 1, 4, 500, 7))]
if blobs:
    blob = open(f"{out}/corpus-blob/{blobs[0]}", "rb").read()
    s = b"\x01" + rec(0x10, struct.pack("<II", len(blob), zlib.crc32(blob)))
    for off in range(0, len(blob), 251):
        s += rec(0x11, struct.pack("<I", off) + blob[off:off + 251])
    seqs.append(s + rec(0x13) + rec(0x14) + rec(0x20, bytes(64)) + rec(0x21, b"\0\0"))
for i, s in enumerate(seqs):
    open(f"{out}/corpus-frames/seed{i}", "wb").write(s)
PY

status=0
for target in blob frames; do
  log="$OUT/fuzz_$target.log"
  start=$(date +%s)
  set +e
  (cd "$OUT" && "./fuzz_$target" -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 "corpus-$target") > "$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  crashes=$(find "$OUT" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' -o -name 'leak-*' \) | wc -l)
  echo "fuzz_$target: $runs executions in $(( $(date +%s) - start )) s, exit $rc, crash/timeout/leak files: $crashes (log $log)"
  [ "$rc" -eq 0 ] || status=1
done
exit $status
