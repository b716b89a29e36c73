#!/usr/bin/env bash
# Installs what the demo and the tests need on a fresh Debian machine: chromium, coturn and tinyproxy from
# Debian's packages when missing, then the locked npm dependencies. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v turnserver >/dev/null 2>&1 || need+=(coturn)
# tinyproxy: the real HTTP proxy the preflight's proxy tests tunnel through (on loopback, own config)
command -v tinyproxy >/dev/null 2>&1 || need+=(tinyproxy)
# nft and ipset load the exported firewall rules in a throwaway network namespace (tests skip without them)
command -v nft >/dev/null 2>&1 || need+=(nftables)
command -v ipset >/dev/null 2>&1 || need+=(ipset)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "setup: installing ${need[*]} from Debian's packages" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ "${CI:-}" = "true" ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
