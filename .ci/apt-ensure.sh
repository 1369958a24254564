#!/usr/bin/env bash
# Install the given Debian packages when missing. Needs root and apt; otherwise says what to do.
set -u
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Note: Debian packages not installed: ${missing[*]} (sudo apt-get install ${missing[*]})."
  echo "      Without chromium, HTML is still produced but PDFs are skipped."
fi
exit 0
