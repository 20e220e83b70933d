#!/usr/bin/env bash
# Copies the front-end libraries into wwwroot/lib from their npm packages, so the app makes no
# third-party requests. The copied files are committed; run this only to change a version.
set -euo pipefail
BOOTSTRAP=5.3.9
HTMX=2.0.11
root=$(cd "$(dirname "$0")/.." && pwd)
lib="$root/src/Sovereign.Web/wwwroot/lib"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent "bootstrap@$BOOTSTRAP" "htmx.org@$HTMX")
rm -rf "$lib"; mkdir -p "$lib/bootstrap" "$lib/htmx"
cp "$tmp/node_modules/bootstrap/dist/css/bootstrap.min.css" "$lib/bootstrap/"
cp "$tmp/node_modules/bootstrap/dist/js/bootstrap.bundle.min.js" "$lib/bootstrap/"
cp "$tmp/node_modules/bootstrap/LICENSE" "$lib/bootstrap/LICENSE"
cp "$tmp/node_modules/htmx.org/dist/htmx.min.js" "$lib/htmx/"
cp "$tmp/node_modules/htmx.org/LICENSE" "$lib/htmx/LICENSE"
# Drop the source-map comments: the maps are not vendored, and browsers would ask for them.
sed -i '/sourceMappingURL/d' "$lib/bootstrap/bootstrap.min.css" "$lib/bootstrap/bootstrap.bundle.min.js" "$lib/htmx/htmx.min.js"
printf 'bootstrap %s\nhtmx.org %s\n' "$BOOTSTRAP" "$HTMX" > "$lib/VERSIONS"
echo "vendored into $lib:"; cat "$lib/VERSIONS"
