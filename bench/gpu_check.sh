#!/usr/bin/env bash
# The GPU checks of issue 6 as one prepared script, for a session lent a GPU
# machine (the device tool, ../shared or the tool's README):
#
#   here:   bash bench/gpu_check.sh prepare     # builds, bundles into .gpu/
#   there:  bash bench/gpu_check.sh run         # with carry: [".gpu"]
#
# `prepare` puts the programs below with the shared libraries they need that
# the GPU image lacks (CUDA's and glibc's come from the image) into
# .gpu/bundle.tar.xz, ignored by git. `run` unpacks them, runs the gpu
# suite, the training and kNN figures the issue asks for and the actor tests
# on the GPU, each with a time limit (GPU_SUITE_S, TRAINING_S, KNN_S,
# ACTORS_S; ROWS for the kNN base sizes), and leaves the logs under $OUT
# (the device tool brings back 8 files at most: one log per step). At most
# about 8.5 minutes in all: give the device tool's run timeout_s 560.
set -uo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}

# The programs that run there: the gpu suite, the compute unit and vector
# shard tests (their units take the GPU there), and bench/kernels.
programs=(build/kernels/kernels_cuda_backend_test build/actors/compute_unit/compute_unit_test
          build/actors/vector_shard/vector_shard_test build/bench/deepseek-bench-kernels)

prepare() {
  meson compile -C build kernels/kernels_cuda_backend_test actors/compute_unit/compute_unit_test \
    actors/vector_shard/vector_shard_test bench/deepseek-bench-kernels || exit 1
  grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >> .git/info/exclude
  rm -rf .gpu && mkdir -p .gpu/stage/lib
  cp "${programs[@]}" .gpu/stage/
  find .gpu/stage -maxdepth 1 -type f -exec strip --strip-debug {} +
  # Every shared library but glibc's, the compiler's and CUDA's (the GPU
  # image has newer ones, which cuBLAS may need).
  ldd "${programs[@]}" | awk '/=>/ {print $3}' | sort -u |
    grep -vE '/lib(c|m|dl|rt|pthread|stdc\+\+|gcc_s|cudart|cublas|cublasLt)\.so' |
    xargs -I{} cp -L {} .gpu/stage/lib/
  tar -C .gpu/stage -cJf .gpu/bundle.tar.xz . && rm -rf .gpu/stage
  ls -la .gpu
}

# Runs one step with a time limit, its output to the console and $OUT/<name>.txt.
step() {
  local name=$1 limit=$2
  shift 2
  echo "== $name"
  timeout "$limit" "$@" > "$out/$name.txt" 2>&1
  echo "rc $? ($name)" >> "$out/$name.txt"
  tail -15 "$out/$name.txt"
}

run() {
  out=${OUT:-/tmp/gpu-check}
  local work=/tmp/gpu-check-bin
  mkdir -p "$out" "$work" && tar -C "$work" -xJf .gpu/bundle.tar.xz || exit 1
  local cublas
  cublas=$(ldconfig -p | awk '/libcublas\.so\.13 / {print $NF; exit}')
  [ -n "$cublas" ] || cublas=$(find /usr/local /opt /usr/lib -name 'libcublas.so.13' -print -quit 2>/dev/null)
  export LD_LIBRARY_PATH="$work/lib:$(dirname "${cublas:-/usr/local/cuda/lib64/x}"):/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee "$out/device.txt"
  cd "$work" || exit 1
  step gpu-suite "${GPU_SUITE_S:-120}" ./kernels_cuda_backend_test --log_level=unit_scope --report_level=short
  # kNN with products tiles of 256 MiB (the default) and, after training,
  # of 32 MiB (the L2 cache holds most of one): the figures first, then
  # the experiment.
  knn() {
    DS_CUDA_KNN_TILE_MIB=$1 step "knn-${1}mib" "${KNN_S:-120}" ./deepseek-bench-kernels \
      --gpu-only --no-training --rows "${ROWS:-10000000}" --k 10,100 --batch 1,16,256,4096 \
      --precision fp32,tf32,bf16,fp16 --repeats 3
  }
  knn 256
  step training "${TRAINING_S:-45}" ./deepseek-bench-kernels --gpu-only --no-knn \
    --train-entities 1000000
  step training-16k "${TRAINING_S:-45}" ./deepseek-bench-kernels --gpu-only --no-knn \
    --train-entities 1000000 --train-batch 16384 --train-steps 10 --train-precision fp32
  knn 32
  step actors "${ACTORS_S:-45}" bash -c './compute_unit_test --log_level=message --report_level=short &&
    ./vector_shard_test --report_level=short'
}

case "$mode" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: bash bench/gpu_check.sh prepare|run" >&2; exit 2 ;;
esac
