#!/usr/bin/env python3
# Runs a command and prints its wall time, CPU time and peak RSS as JSON (resource usage of the child only).
import json
import resource
import subprocess
import sys
import time

command = sys.argv[1:]
if command and command[0] == "--":
    command = command[1:]
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.monotonic()
process = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.monotonic() - start
after = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "exit": process.returncode,
    "wall_s": wall,
    "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
    "max_rss_mb": after.ru_maxrss / 1024.0,
}))
if process.returncode != 0:
    sys.stderr.write(process.stderr.decode(errors="replace")[-4000:])
    sys.exit(1)
