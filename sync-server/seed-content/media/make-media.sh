#!/usr/bin/env bash
# Renders every lesson illustration in media/src/*.svg to media/<slug>.webp (640x360, WebP quality 70).
# Needs: rsvg-convert (Debian package librsvg2-bin) and ImageMagick's convert (package imagemagick).
# Works from any directory: paths are taken relative to this script.
set -euo pipefail

MEDIA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC_DIR="$MEDIA_DIR/src"
WIDTH=640
HEIGHT=360
QUALITY=70

missing=()
command -v rsvg-convert >/dev/null 2>&1 || missing+=(librsvg2-bin)
command -v convert >/dev/null 2>&1 || missing+=(imagemagick)
if ((${#missing[@]} > 0)); then
  echo "make-media: missing tools. Install them with:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
if ! convert -list format 2>/dev/null | grep -qi '^ *WEBP'; then
  echo "make-media: this ImageMagick cannot write WebP. Install WebP support with:" >&2
  echo "  sudo apt-get install imagemagick libwebp-dev webp" >&2
  exit 1
fi

shopt -s nullglob
svgs=("$SRC_DIR"/*.svg)
if ((${#svgs[@]} == 0)); then
  echo "make-media: no SVG files in $SRC_DIR" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

total=0
for svg in "${svgs[@]}"; do
  slug="$(basename "$svg" .svg)"
  png="$work/$slug.png"
  out="$MEDIA_DIR/$slug.webp"
  rsvg-convert --width "$WIDTH" --height "$HEIGHT" --format png --output "$png" "$svg"
  convert "$png" -background white -alpha remove -alpha off -resize "${WIDTH}x${HEIGHT}!" \
    -strip -quality "$QUALITY" -define webp:method=6 "$out"
  size="$(stat -c %s "$out")"
  total=$((total + size))
  printf '%-40s %6d bytes\n' "$slug.webp" "$size"
done
printf '%-40s %6d bytes\n' "total (${#svgs[@]} files)" "$total"
