#!/usr/bin/env bash
# Draws the installed app's icons from the two SVGs in wwwroot/icons (Sovereign's, and the neutral one of discreet
# mode) with the Chromium the tests use: 192 and 512 px for "any", and a maskable 512 px whose symbol sits inside the
# middle 80 % a phone may crop to a circle. The PNGs are committed; run this again after changing an SVG.
set -euo pipefail
cd "$(dirname "$0")/../src/Sovereign.Web/wwwroot/icons"
command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
draw() { # svg size scale out.png
  local svg=$1 size=$2 scale=$3 out=$4 fill
  fill=$(sed -n 's/.*<rect width="512" height="512" rx="[0-9]*" fill="\([^"]*\)".*/\1/p' "$svg")
  # Maskable: the square's colour to every edge, the symbol shrunk to the safe zone.
  local background=transparent; [ "$scale" != 1 ] && background=$fill
  cat > "$work/page.html" <<HTML
<!DOCTYPE html><html><body style="margin:0;background:$background;width:${size}px;height:${size}px;display:grid;place-items:center;overflow:hidden">
<img src="file://$PWD/$svg" style="width:calc(${size}px * $scale);height:calc(${size}px * $scale)"></body></html>
HTML
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
    --window-size="$size,$size" --screenshot="$work/out.png" "file://$work/page.html" >/dev/null 2>&1
  mv "$work/out.png" "$out"
}
for name in sovereign notes; do
  draw "$name.svg" 192 1 "$name-192.png"
  draw "$name.svg" 512 1 "$name-512.png"
  draw "$name.svg" 512 0.78 "$name-maskable-512.png"
done
ls -l ./*.png
