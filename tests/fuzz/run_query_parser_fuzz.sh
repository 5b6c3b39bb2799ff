#!/usr/bin/env bash
# Builds the Cypher parser's libFuzzer target with Debian's clang (ASan and
# UBSan on) and runs it for a bounded time from the seed corpus.
#   tests/fuzz/run_query_parser_fuzz.sh [WORK_DIR] [SECONDS]
# The README's test command runs it for 20 s (meson suite `fuzz`); run it
# longer by hand after changing the parser. A crash or hang fails with the
# input saved as WORK_DIR/crash-* (reproduce: WORK_DIR/query_parser_fuzz FILE).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$root/build/fuzz}"
seconds="${2:-60}"
mkdir -p "$work/corpus"

sources=("$root"/query/query_error.cpp "$root"/query/syntax/*.cpp "$root"/common/utf8.cpp
         "$root"/common/result.cpp)
sources=($(printf '%s\n' "${sources[@]}" | grep -v '_test\.cpp$'))
clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$root" "$root/tests/fuzz/query_parser_fuzz.cpp" "${sources[@]}" -o "$work/query_parser_fuzz"

cd "$work"
./query_parser_fuzz -max_total_time="$seconds" -max_len=2048 -timeout=10 -rss_limit_mb=2048 \
  -dict="$root/tests/fuzz/cypher.dict" -print_final_stats=1 \
  corpus "$root/tests/fuzz/corpus/query_parser" 2>&1 | tail -n 15
