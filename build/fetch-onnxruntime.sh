#!/usr/bin/env bash
# Fetches the ONNX Runtime 1.30.0 native library (CPU execution provider) that EfficiencyKit.OnnxRuntime
# binds to, from the npm package onnxruntime-node@1.30.0, into
# artifacts/onnxruntime/1.30.0/linux-x64/libonnxruntime.so.1 (artifacts/ is git-ignored: never commit it).
#
# Why npm: it is the one official ORT distribution reachable from our build machines, and its tarball is a
# plain .tgz that curl can fetch without npm. The tarball holds every platform (113 MB); only the linux-x64
# library is kept. Both the tarball (npm's sha512 integrity) and the extracted library (sha256) are pinned,
# so a tampered or re-published artefact fails the build instead of running.
#
# Idempotent: does nothing when the library is already in place with the pinned sha256. Nothing partial is
# left behind: everything is downloaded and extracted in a temporary folder and moved into place last.
# Usage: build/fetch-onnxruntime.sh [destination-root]   (default: <repo>/artifacts/onnxruntime)
set -euo pipefail

readonly ORT_VERSION="1.30.0"
readonly TARBALL_URL="https://registry.npmjs.org/onnxruntime-node/-/onnxruntime-node-${ORT_VERSION}.tgz"
# `npm view onnxruntime-node@1.30.0 dist.integrity`
readonly TARBALL_SHA512_BASE64="twhs1C2C/BFkz1yc5OY0KIU2GUq6DURO7hD4bx5Q2Qy3nAMJwRXW8xU3NVczE29VA9lolLOYepoD8fjTGOfIqw=="
readonly LIB_MEMBER="package/bin/napi-v6/linux/x64/libonnxruntime.so.1"
readonly LIB_SHA256="ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23"
# The npm package ships no LICENSE file; package.json carries its license ("MIT") and is kept beside the
# library as the record, with a NOTICE pointing at the full license text.
readonly MANIFEST_MEMBER="package/package.json"

log() { echo "fetch-onnxruntime: $*"; }
fail() { echo "fetch-onnxruntime: error: $*" >&2; exit 1; }

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest_root="${1:-${repo_root}/artifacts/onnxruntime}"
dest="${dest_root}/${ORT_VERSION}/linux-x64"
lib="${dest}/libonnxruntime.so.1"

os="$(uname -s)"
arch="$(uname -m)"
if [[ "${os}" != "Linux" || "${arch}" != "x86_64" ]]; then
  log "only linux-x64 is supported (this is ${os}/${arch}); nothing fetched, ONNX Runtime tests will be skipped."
  exit 0
fi

if [[ -f "${lib}" ]] && [[ "$(sha256sum "${lib}" | cut -d' ' -f1)" == "${LIB_SHA256}" ]]; then
  log "${lib} is present with the pinned sha256; nothing to do."
  exit 0
fi
if [[ -f "${lib}" ]]; then
  log "${lib} exists but its sha256 is not the pinned one; fetching it again."
fi

for tool in curl openssl tar sha256sum base64; do
  command -v "${tool}" >/dev/null 2>&1 || fail "'${tool}' is required but not on PATH."
done

mkdir -p "${dest}"
# The temporary folder sits beside the destination so the final moves are renames on one file system.
work="$(mktemp -d "${dest}/.fetch.XXXXXX")"
trap 'rm -rf "${work}"' EXIT

log "downloading ${TARBALL_URL} (about 113 MB)"
curl --fail --silent --show-error --location --retry 3 --output "${work}/ort.tgz" "${TARBALL_URL}" \
  || fail "download of ${TARBALL_URL} failed (offline, or the npm registry is unreachable)."

actual_sha512="$(openssl dgst -sha512 -binary "${work}/ort.tgz" | base64 -w0)"
if [[ "${actual_sha512}" != "${TARBALL_SHA512_BASE64}" ]]; then
  fail "tarball integrity mismatch: expected sha512-${TARBALL_SHA512_BASE64}, got sha512-${actual_sha512}."
fi
log "tarball sha512 matches the pinned npm integrity"

log "extracting ${LIB_MEMBER}"
tar -xzf "${work}/ort.tgz" -C "${work}" "${LIB_MEMBER}" "${MANIFEST_MEMBER}" \
  || fail "could not extract ${LIB_MEMBER} from the tarball."
rm -f "${work}/ort.tgz"

actual_sha256="$(sha256sum "${work}/${LIB_MEMBER}" | cut -d' ' -f1)"
if [[ "${actual_sha256}" != "${LIB_SHA256}" ]]; then
  fail "library sha256 mismatch: expected ${LIB_SHA256}, got ${actual_sha256}."
fi

cat > "${work}/NOTICE.txt" <<EOF
libonnxruntime.so.1 is ONNX Runtime ${ORT_VERSION} (CPU execution provider), Copyright (c) Microsoft
Corporation, licensed under the MIT License: https://github.com/microsoft/onnxruntime/blob/v${ORT_VERSION}/LICENSE
Taken unmodified from the npm package onnxruntime-node@${ORT_VERSION} (${LIB_MEMBER}),
whose package.json (kept here as onnxruntime-node.package.json) declares "license": "MIT".
sha256 ${LIB_SHA256}
EOF

mv -f "${work}/${MANIFEST_MEMBER}" "${dest}/onnxruntime-node.package.json"
mv -f "${work}/NOTICE.txt" "${dest}/NOTICE.txt"
# The library moves last, so its presence (with the right sha256) means the fetch completed.
mv -f "${work}/${LIB_MEMBER}" "${lib}"
log "installed ${lib} (sha256 ${LIB_SHA256})"
