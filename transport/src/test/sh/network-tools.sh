#!/usr/bin/env bash
# Run by the build before the transport tests: the network fault tests (NetworkFaultTest) build network namespaces with
# iproute2 and drop packets with nftables. Installs the two packages with apt-get when they are missing and this user
# is root; otherwise says what is missing and fails, so a test run never silently leaves them out.
set -euo pipefail
PATH="$PATH:/usr/sbin:/sbin"
missing=()
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v nft >/dev/null 2>&1 || missing+=(nftables)
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "network fault tests need: ${missing[*]} (install them, or run the build as root on Debian/Ubuntu)" >&2
    exit 1
fi
echo "installing ${missing[*]} for the network fault tests"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
