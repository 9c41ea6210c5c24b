#!/usr/bin/env bash
# Fetches real Outlook-made .msg files for the tests (Outlook does not run here): the test files of
# the Perl module Email::Outlook::Message, from its source tarball in Debian's archive (package
# libemail-outlook-message-perl, version 0.921), checked against a pinned SHA-256. Only the .msg
# files are kept, in DIR (default: $PROPOLIS_OUTLOOK_SAMPLES, else ~/.cache/propolis/outlook-samples).
# Prints the directory. The tests that read them skip when it is absent, unless
# PROPOLIS_REQUIRE_OUTLOOK_SAMPLES=1 (as in CI).
set -euo pipefail
DIR=${1:-${PROPOLIS_OUTLOOK_SAMPLES:-$HOME/.cache/propolis/outlook-samples}}
URL=http://deb.debian.org/debian/pool/main/libe/libemail-outlook-message-perl/libemail-outlook-message-perl_0.921.orig.tar.gz
SHA256=fb4abeea14cda51c1e60bc211cf9521bbbaae74b84118ca6d58f0a7223680388
if [ -f "$DIR/plain_jpeg_attached.msg" ]; then echo "$DIR"; exit 0; fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
curl -fsSL --retry 3 -o "$TMP/src.tar.gz" "$URL"
echo "$SHA256  $TMP/src.tar.gz" | sha256sum -c --quiet -
mkdir -p "$DIR"
tar -xzf "$TMP/src.tar.gz" -C "$TMP" --wildcards '*/t/files/*.msg'
cp "$TMP"/Email-Outlook-Message-*/t/files/*.msg "$DIR/"
echo "$DIR"
