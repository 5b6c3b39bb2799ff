#!/usr/bin/env bash
# The GPU checks of issue 6 as one prepared script, for a session lent a GPU
# machine (the device tool, ../shared or the tool's README):
#
#   here:   bash bench/gpu_check.sh prepare     # builds, bundles into .gpu/
#   there:  bash bench/gpu_check.sh run         # with carry: [".gpu"]
#
# `prepare` puts the gpu suite's test and bench/kernels with the shared
# libraries they need that the GPU image lacks (Boost.Test, OpenBLAS and its
# Fortran runtime; CUDA's come from the image) into .gpu/bundle.tar.xz,
# ignored by git. `run` unpacks them, runs the gpu suite, then the kNN and
# training figures the issue asks for, and leaves the logs under $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}

prepare() {
  meson compile -C build kernels/kernels_cuda_backend_test bench/deepseek-bench-kernels || exit 1
  grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >> .git/info/exclude
  rm -rf .gpu && mkdir -p .gpu/stage/lib
  cp build/kernels/kernels_cuda_backend_test build/bench/deepseek-bench-kernels .gpu/stage/
  strip --strip-debug .gpu/stage/*_test .gpu/stage/deepseek-bench-kernels
  ldd .gpu/stage/kernels_cuda_backend_test .gpu/stage/deepseek-bench-kernels |
    awk '/=>/ {print $3}' | sort -u |
    grep -E 'boost_unit_test|openblas|gfortran|quadmath|gomp' |
    xargs -I{} cp -L {} .gpu/stage/lib/
  tar -C .gpu/stage -cJf .gpu/bundle.tar.xz . && rm -rf .gpu/stage
  ls -la .gpu
}

run() {
  local out=${OUT:-/tmp/gpu-check} work=/tmp/gpu-check-bin
  mkdir -p "$out" "$work" && tar -C "$work" -xJf .gpu/bundle.tar.xz || exit 1
  local cublas
  cublas=$(dirname "$(find / -name 'libcublas.so.13' -print -quit 2>/dev/null)")
  export LD_LIBRARY_PATH="$work/lib:$cublas:/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee "$out/device.txt"
  echo "== gpu suite"
  (cd "$work" && timeout 300 ./kernels_cuda_backend_test --report_level=short) 2>&1 |
    tee "$out/gpu-suite.txt" | tail -25
  echo "== bench/kernels"
  timeout 420 "$work/deepseek-bench-kernels" --gpu-only --rows 1000000,10000000,20000000 \
    --k 10,100 --batch 1,16,256,4096 --precision fp32,tf32,bf16,fp16 --repeats 3 \
    --train-entities 1000000 --json "$out/kernels.json" 2>&1 | tee "$out/kernels.txt"
}

case "$mode" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: bash bench/gpu_check.sh prepare|run" >&2; exit 2 ;;
esac
