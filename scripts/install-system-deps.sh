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

# Another apt or dpkg (unattended-upgrades, a second install) may hold the lock: wait for it
# (up to APT_LOCK_WAIT seconds, default 600) instead of failing. apt's own DPkg::Lock::Timeout
# covers dpkg's lock; the loop also covers the lists lock of 'apt-get update'.
wait_max=${APT_LOCK_WAIT:-600}
poll=${APT_LOCK_POLL:-5}
apt_get() {
  local waited=0 out
  while true; do
    if out=$($sudo apt-get -o DPkg::Lock::Timeout="$wait_max" "$@" 2>&1); then
      return 0
    fi
    if grep -qiE 'could not get lock|unable to acquire|another process' <<<"$out" \
        && awk "BEGIN { exit !($waited < $wait_max) }"; then
      echo "install-system-deps: waiting for another apt or dpkg to release its lock (${waited}s so far)" >&2
      sleep "$poll"
      waited=$(awk "BEGIN { print $waited + $poll }")
      continue
    fi
    printf '%s\n' "$out" >&2
    return 1
  done
}
apt_get update -qq
apt_get install -y -qq --no-install-recommends "${missing[@]}"
