#!/bin/sh
# Make sure the browser-test tools are present: Debian's Chromium (driven by
# Playwright), a Java runtime (for the Nu HTML checker), pdftoppm (to look at
# printed PDFs), unzip (the fault tests check the offline zip with `unzip -t`) and
# the pinned npm tools in tools/node_modules.
# Idempotent: does nothing that is already done, so `make test` can always
# call it. npm's install scripts are skipped: vnu-jar's would try to download
# a Java runtime from outside the package registries; the apt one is used.
set -eu

here=$(cd "$(dirname "$0")" && pwd)

pkgs=""
[ -x /usr/bin/chromium ] || pkgs="$pkgs chromium"
command -v java >/dev/null 2>&1 || pkgs="$pkgs default-jre-headless"
command -v pdftoppm >/dev/null 2>&1 || pkgs="$pkgs poppler-utils"
command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
command -v unzip >/dev/null 2>&1 || pkgs="$pkgs unzip"

if [ -n "$pkgs" ]; then
    echo "ensure-browser: apt-get install$pkgs"
    export DEBIAN_FRONTEND=noninteractive
    log=$(mktemp)
    # apt's output is shown only on failure. The lock timeout waits for,
    # rather than fails on, another apt run holding the dpkg lock.
    if ! { apt-get update -qq &&
           apt-get install -y -qq -o DPkg::Lock::Timeout=600 $pkgs; } >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        exit 1
    fi
    rm -f "$log"
fi

lock="$here/package-lock.json"
mods="$here/node_modules"
if [ ! -d "$mods" ] || [ "$lock" -nt "$mods" ]; then
    echo "ensure-browser: npm ci --prefix tools"
    npm ci --prefix "$here" --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
    touch "$mods"
fi
