"""Instructions per function and per source line from a QEMU trace (-d in_asm,exec,nochain): each translated block's
instructions (in_asm) times the block's executions (exec). Usage: trace_profile.py TRACE ELF [LINES]"""
import collections
import re
import subprocess
import sys


def block_counts(trace):
    """(instruction addresses of each block start, function of each block, executions of each block start)"""
    blocks, functions, executions = {}, {}, collections.Counter()
    function, start = None, None
    trace_line = re.compile(r"\[[0-9a-f]+/([0-9a-f]+)/")
    with open(trace, errors="replace") as f:
        for line in f:
            if line.startswith("IN: "):
                function, start = line[4:].strip(), None
            elif line.startswith("0x") and ":" in line[:12]:
                address = int(line[:10], 16)
                if start is None:  # a block's first instruction; a retranslation replaces the block
                    start = address
                    blocks[start], functions[start] = [], function
                blocks[start].append(address)
            elif line.startswith("Trace"):
                executions[int(trace_line.search(line).group(1), 16)] += 1
                start = None
    return blocks, functions, executions


def main():
    trace, elf = sys.argv[1], sys.argv[2]
    lines = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    blocks, functions, executions = block_counts(trace)
    per_function, per_address = collections.Counter(), collections.Counter()
    for start, count in executions.items():
        per_function[functions.get(start, "?")] += count * len(blocks.get(start, []))
        for address in blocks.get(start, []):
            per_address[address] += count
    print("emulated instructions per function:")
    for function, count in per_function.most_common(lines):
        print(f"{count:12,d}  {function}")
    addresses = sorted(per_address)
    located = subprocess.run(["arm-none-eabi-addr2line", "-e", elf] + [hex(a) for a in addresses],
                             capture_output=True, text=True, check=True).stdout.split("\n")
    per_line = collections.Counter()
    for address, location in zip(addresses, located):
        per_line[location.split("/")[-1].split(" ")[0]] += per_address[address]
    print("\nper source line (the innermost inlined function's line):")
    for location, count in per_line.most_common(lines):
        print(f"{count:12,d}  {location}")


if __name__ == "__main__":
    main()
