#!/usr/bin/env bash
# Installs every Debian package Twill needs to build, test and run; only what is missing.
# Safe to run twice. Run as root, or with sudo available.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  # Qt: OpenGL and xkbcommon development files must be present before Qt Charts configures.
  libqt6opengl6-dev libxkbcommon-dev
  qt6-base-dev qt6-charts-dev qt6-svg-dev
  libtorch-dev libeigen3-dev zlib1g-dev
  dataset-fashion-mnist
  xvfb xauth
  python3 python3-numpy python3-torch
  desktop-file-utils appstream
  # Man pages from --help at build time; the packaging test renders them and registers the MIME type.
  help2man groff-base shared-mime-info
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages are installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
