#!/usr/bin/env bash
# The release archives: Sovereign as one self-contained executable (no .NET needed on the server) with its wwwroot,
# settings, a systemd unit and .env.example, in artifacts/release/sovereign-<version>-<rid>.tar.gz.
#   scripts/release.sh                 linux-x64 and linux-arm64
#   scripts/release.sh linux-x64       one of them
# The server needs glibc and libicu (Debian: libicu72 or newer), as any .NET app on Linux.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
out=artifacts/release
mkdir -p "$out"
rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=(linux-x64 linux-arm64)

for rid in "${rids[@]}"; do
  name="sovereign-$version-$rid"
  stage="$out/$name"
  rm -rf "$stage" "$out/$name.tar.gz"
  # The runtime packs are restored for this build only: their lock entries go to a file of their own, so the
  # committed lock files (which the tests and the framework-dependent build use) stay as they are.
  dotnet publish src/Sovereign.Web -c Release -r "$rid" --self-contained -p:PublishSingleFile=true -p:DebugType=none \
    -p:NuGetLockFilePath="$PWD/$out/packages.$rid.lock.json" -o "$stage" >/dev/null
  mv "$stage/Sovereign.Web" "$stage/sovereign"
  rm -f "$stage/appsettings.Development.json"
  cp deploy/sovereign.service .env.example "$stage/"
  tar -czf "$out/$name.tar.gz" -C "$out" "$name"
  rm -rf "$stage"
  echo "$out/$name.tar.gz"
done
