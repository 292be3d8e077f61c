#!/usr/bin/env bash
# Fills a libFuzzer corpus folder with real pages as seeds: every page under ../shared/sites (read in place,
# copied only into the corpus folder outside the repository) plus the repository's own small seeds.
# Usage: tests/fuzz/seed_corpus.sh OUT_DIR   (then: newsarc_fuzz_extract OUT_DIR -max_total_time=300)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
shared="${NEWSARC_SHARED_DIR:-$here/../shared}"
out="${1:?usage: $0 OUT_DIR}"
mkdir -p "$out"
cp "$here"/tests/fuzz/corpus/extract/* "$out"/
find "$shared/sites" "$shared/bench-web" -type f \( -name '*.html' -o -name '*.htm' \) -size -2M 2>/dev/null |
    while read -r page; do
        cp "$page" "$out/$(echo "$page" | sed 's#.*/shared/##; s#/#_#g')"
    done
echo "$(ls "$out" | wc -l) seeds in $out"
