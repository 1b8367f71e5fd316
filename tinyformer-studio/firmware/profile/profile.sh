#!/usr/bin/env bash
# Where an inference spends its instructions: runs one sparse inference of a blob on the emulated board with QEMU's
# execution trace and prints emulated instructions per firmware function and per source line (kernels only run
# during inference; the upload's functions - UART, frame parser, CRC, store - are listed too).
#   tinyformer-studio/firmware/profile/profile.sh BLOB [LINES]     (from the repository root; LINES default 40)
# Builds the QEMU image (make), starts QEMU with -d in_asm,exec,nochain (a trace of a few hundred MB in build/profile/)
# and runs `./mammoth tinyformer board-eval --port PTY --blob BLOB --limit 1 --dense-images 0` against it
# (MAMMOTH=command to use another launcher than ./mammoth).
set -euo pipefail
BLOB="$(realpath "$1")"
LINES="${2:-40}"
FIRMWARE="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$FIRMWARE/../.." && pwd)"
OUT="$FIRMWARE/build/profile"
mkdir -p "$OUT"
make -s -C "$FIRMWARE" qemu OUT=build
ELF="$FIRMWARE/build/qemu/sparse-engine.elf"
rm -f "$OUT/trace" "$OUT/qemu.out"
cd "$OUT" # the firmware's model store (semihosting file sparse-engine-flash.img) lands here
qemu-system-arm -M mps2-an500 -display none -monitor none -serial pty -icount shift=2 \
  -semihosting-config enable=on,target=native -d in_asm,exec,nochain -D "$OUT/trace" -kernel "$ELF" > "$OUT/qemu.out" 2>&1 &
QEMU=$!
trap 'kill $QEMU 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q "/dev/pts/" "$OUT/qemu.out" 2>/dev/null && break; sleep 0.1; done
PTY="$(grep -o "/dev/pts/[0-9]*" "$OUT/qemu.out")"
sleep 5 # the traced boot (board_init erases the model store's RAM image) outlasts board-eval's 1 s ping
(cd "$ROOT" && ${MAMMOTH:-./mammoth} tinyformer board-eval --port "$PTY" --blob "$BLOB" --limit 1 --dense-images 0 | grep insn_per_inference)
kill $QEMU; wait $QEMU 2>/dev/null || true
python3 "$FIRMWARE/profile/trace_profile.py" "$OUT/trace" "$ELF" "$LINES"
