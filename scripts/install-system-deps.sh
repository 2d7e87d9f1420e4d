#!/usr/bin/env bash
# Installs the Debian packages the full test suite uses for real:
#   chromium (browser tests), raptor2-utils (rapper, an independent Turtle parser),
#   virtuoso-opensource (a real triple store for the remote-store round trip).
# Does nothing when they are all present. Needs root (or sudo) and apt-get.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rapper >/dev/null 2>&1 || missing+=(raptor2-utils)
command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: apt-get not found; please install: ${missing[*]}" >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "install-system-deps: not root and no sudo; please install: ${missing[*]}" >&2
    exit 0
  fi
fi
echo "install-system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# the virtuoso package asks for a dba password; its service is never started here
echo "virtuoso-opensource-7 virtuoso-opensource-7/dba-password password dba" | $sudo debconf-set-selections 2>/dev/null || true
echo "virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password dba" | $sudo debconf-set-selections 2>/dev/null || true
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
