#!/usr/bin/env bash
# Installs the Debian 12 packages FasciaLab needs to build, run and test, if any are missing.
# Extra package names given as arguments are installed too (scripts/fuzz.sh adds clang).
set -euo pipefail

packages=(
  cmake g++ pkg-config make lld
  libglfw3-dev libglm-dev libimgui-dev libassimp-dev libtinygltf-dev nlohmann-json3-dev
  libstb-dev libmeshoptimizer-dev catch2 libepoxy-dev libegl-dev libgl-dev libegl-mesa0 libgl1-mesa-dri
  libcairo2-dev poppler-utils libbenchmark-dev libbullet-dev libeigen3-dev fonts-dejavu-core libdraco-dev
  xvfb xauth
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
