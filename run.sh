#!/usr/bin/env bash
# pigment's two commands for a fresh machine (JDK 17 and apt are all they need):
#   ./run.sh demo [options]   install the data packages if missing, build, run the main job (`pigment demo`)
#   ./run.sh test             install the data and browser packages if missing, run every test (and install the
#                             artifacts, which the consumer check builds against), check the CUDA profile
#   ./run.sh side-by-side     build the benchmark jars, train the same CNN with pigment and PyTorch, print the table
set -euo pipefail
cd "$(dirname "$0")"

DATA_PACKAGES=(dataset-fashion-mnist mate-backgrounds lomiri-wallpapers-16.04 lomiri-wallpapers-20.04
               ukui-wallpapers plasma-workspace-wallpapers endless-sky-data libelementary-data lxqt-themes
               palapeli-data sddm-theme-maldives gcompris-qt-data)

# The browser tests open pigment's HTML pages in Debian's headless Chromium.
BROWSER_PACKAGES=(chromium chromium-driver)

# Installs the Debian packages named that are missing; fails when they cannot be installed.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing the Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "not root and no sudo: cannot install ${missing[*]}" >&2; return 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
}

# `mvn -Pcuda dependency:tree` must show nd4j-cuda-11.6 and no nd4j-native. dependency:tree 3.x only collects
# POMs, so this downloads none of the CUDA jars (574 MB).
check_cuda_profile() {
  local tree=target/cuda-dependency-tree.txt
  mkdir -p target && rm -f "$tree"
  ./mvnw -B -q -Pcuda org.apache.maven.plugins:maven-dependency-plugin:3.8.1:tree \
    -DoutputFile="$PWD/$tree" -DappendOutput=true
  if ! grep -q "org.nd4j:nd4j-cuda-11.6:jar:linux-x86_64-cudnn" "$tree" || grep -q "org.nd4j:nd4j-native:" "$tree"; then
    echo "FAILED: the cuda profile must resolve nd4j-cuda-11.6 (cudnn natives) and no nd4j-native; see $tree"
    return 1
  fi
  echo "cuda profile: nd4j-cuda-11.6 with linux-x86_64-cudnn natives, no nd4j-native (see $tree)"
}

case "${1:-}" in
  demo)
    # without apt, root or a network the demo still runs: on data pigment draws, as it says in its output and report
    command -v apt-get >/dev/null && command -v dpkg-query >/dev/null && ensure_packages "${DATA_PACKAGES[@]}" \
      || echo "The Debian data packages could not be installed: pigment demo will run on generated data." >&2
    # the command line and what it needs, not the benchmarks
    ./mvnw -B -q package -pl cli -am -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
    ./pigment demo "${@:2}"
    ;;
  test)
    ensure_packages "${DATA_PACKAGES[@]}" "${BROWSER_PACKAGES[@]}"
    ./mvnw -B install
    check_cuda_profile
    ;;
  side-by-side)
    ./mvnw -B -q -pl benchmarks,benchmarks-pytorch -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
    java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
      dev.pigment.benchmarks.SideBySide "${@:2}"
    ;;
  *)
    echo "usage: ./run.sh demo [options] | ./run.sh test | ./run.sh side-by-side [options]" >&2
    exit 2
    ;;
esac
