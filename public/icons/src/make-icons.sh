#!/usr/bin/env bash
# Renders the app icons from their SVG sources (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")"
rsvg-convert -w 192 -h 192 icon.svg -o ../icon-192.png
rsvg-convert -w 512 -h 512 icon.svg -o ../icon-512.png
rsvg-convert -w 512 -h 512 icon-maskable.svg -o ../icon-maskable-512.png
