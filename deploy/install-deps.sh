#!/usr/bin/env bash
# Installs every Debian 12 package that DeepSeek's build, tests and benchmarks
# need. Idempotent: when all packages are present it changes nothing and does
# not touch the network. Debian packages only; nothing is downloaded elsewhere.
set -euo pipefail

packages=(
  # build
  build-essential pkg-config meson ninja-build clang-format
  # compiler cache: meson finds it; a clean clone on a machine that built
  # the same sources before recompiles nothing (Makefile: CCACHE_*)
  ccache
  # actors and wire
  libcaf-dev capnproto libcapnp-dev
  # storage, vectors, text
  librocksdb-dev libfaiss-dev libopenblas-dev libxxhash-dev libstemmer-dev
  # runtime: config, logging, HTTP, metrics
  libboost-dev libboost-system-dev libboost-test-dev libyaml-cpp-dev libcli11-dev
  nlohmann-json3-dev libspdlog-dev libfmt-dev prometheus-cpp-dev libssl-dev
  # tests, demo data and benchmarks (clang and its runtime: the parser's fuzz target)
  prometheus curl python3 wordnet-base wrk clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
