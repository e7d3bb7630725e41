#!/usr/bin/env bash
# Builds the worker image with buildah (no Docker engine needed) on a machine without registry
# access: it first makes local base images — a Debian bookworm root file system (debootstrap)
# with this machine's .NET SDK, and the same with the .NET and ASP.NET Core runtimes only — then builds the
# Dockerfile against them, and runs the image's `signals classify` as a smoke test.
#   scripts/build-image.sh [TAG]        (default localhost/signals:dev; needs root, buildah, debootstrap)
# With registry access, build against the official images instead:
#   buildah bud --isolation chroot -t signals .
set -euo pipefail
cd "$(dirname "$0")/.."
TAG=${1:-localhost/signals:dev}
export STORAGE_DRIVER=${STORAGE_DRIVER:-vfs}   # works without overlay support in the kernel
DOTNET=${DOTNET_ROOT:-/usr/share/dotnet}
ROOTFS=${ROOTFS:-/tmp/signals-rootfs-bookworm}

command -v buildah >/dev/null && command -v debootstrap >/dev/null \
  || { echo "build-image.sh: needs buildah and debootstrap (apt-get install -y buildah debootstrap)"; exit 1; }
# What the official .NET images add to Debian: certificates (NuGet over HTTPS), ICU, OpenSSL, zlib, time zones.
[ -x "$ROOTFS/bin/bash" ] || debootstrap --variant=minbase \
  --include=ca-certificates,libicu72,libssl3,zlib1g,libgcc-s1,libstdc++6,tzdata bookworm "$ROOTFS" http://deb.debian.org/debian

base() { # name, then the parts of $DOTNET to copy
  local name=$1; shift
  local ctr; ctr=$(buildah from scratch)
  buildah copy "$ctr" "$ROOTFS" / >/dev/null
  # The base trusts what this machine trusts (a TLS-inspecting proxy's CA, where there is one), so NuGet and apt work inside.
  buildah copy "$ctr" /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt >/dev/null
  for part in "$@"; do buildah copy "$ctr" "$DOTNET/$part" "/usr/share/dotnet/$part" >/dev/null; done
  buildah run --isolation chroot "$ctr" -- ln -sf /usr/share/dotnet/dotnet /usr/bin/dotnet
  buildah config --env DOTNET_ROOT=/usr/share/dotnet "$ctr"
  buildah commit --quiet "$ctr" "$name" >/dev/null
  buildah rm "$ctr" >/dev/null
  echo "build-image.sh: base image $name"
}
runtime_parts=(dotnet host shared/Microsoft.NETCore.App shared/Microsoft.AspNetCore.App LICENSE.txt) # ASP.NET Core: the review page
base localhost/signals-base/runtime:10.0 "${runtime_parts[@]}"
base localhost/signals-base/sdk:10.0 $(cd "$DOTNET" && ls)

buildah bud --isolation chroot --layers=false --format docker \
  --build-arg SDK_IMAGE=localhost/signals-base/sdk:10.0 \
  --build-arg RUNTIME_IMAGE=localhost/signals-base/runtime:10.0 \
  -t "$TAG" .

# Smoke test, as the non-root user the image declares: classify a post, then replay the demo into the data
# volume (SQLite, the chart's fonts and the .eml outbox all have to work) and list the alert.
ctr=$(buildah from "$TAG")
trap 'buildah rm "$ctr" >/dev/null' EXIT
buildah run --isolation chroot "$ctr" -- dotnet /app/signals.dll classify "Depuis le nouveau Levothyrox je perds mes cheveux"
buildah run --isolation chroot "$ctr" -- dotnet /app/signals.dll replay /app/samples/demo-levothyrox-2017.jsonl
buildah run --isolation chroot "$ctr" -- dotnet /app/signals.dll alerts
buildah run --isolation chroot "$ctr" -- sh -c 'id -u; ls -l /var/lib/signals/outbox | head -3'
buildah inspect --format '{{.OCIv1.Config.User}} {{.OCIv1.Config.Entrypoint}} {{.OCIv1.Config.Cmd}}' "$TAG"
echo "build-image.sh: built $TAG"
