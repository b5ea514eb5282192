#!/usr/bin/env bash
# Builds the media of the induction (pedagogy) and CPD lessons listed below:
#   media/<slug>.webp  from media/src/<slug>.svg (640x360, WebP quality 70)
#   media/<slug>.m4a   the audio card's transcript in lessons/<slug>.json, spoken by espeak-ng
#                      (mono, 22.05 kHz, AAC 32 kbit/s)
# Needs: rsvg-convert (librsvg2-bin), ImageMagick's convert (imagemagick), espeak-ng, ffmpeg, python3.
# Works from any directory: paths are taken relative to this script.
# Usage: make-media-pedagogy.sh [slug ...]   (no slugs: all of this script's lessons)
set -euo pipefail

MEDIA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC_DIR="$MEDIA_DIR/src"
LESSON_DIR="$(cd "$MEDIA_DIR/../lessons" && pwd)"
WIDTH=640
HEIGHT=360
QUALITY=70
VOICE="${VOICE:-en-gb}"
SPEED=150

SLUGS=(
  sharing-what-you-know
  giving-and-receiving-feedback
  quality-standards-for-peer-learning
  facilitating-online-peer-networks
  making-mini-lessons-with-a-phone
  reading-a-networks-learning-needs
  moderating-discussions-well
  designing-quick-check-questions
)
if (($# > 0)); then
  SLUGS=("$@")
fi

missing=()
command -v rsvg-convert >/dev/null 2>&1 || missing+=(librsvg2-bin)
command -v convert >/dev/null 2>&1 || missing+=(imagemagick)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if ((${#missing[@]} > 0)); then
  echo "make-media-pedagogy: missing tools. Install them with:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
if ! convert -list format 2>/dev/null | grep -qi '^ *WEBP'; then
  echo "make-media-pedagogy: this ImageMagick cannot write WebP. Install WebP support with:" >&2
  echo "  sudo apt-get install imagemagick libwebp-dev webp" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Prints the transcript of the one audio card of a lesson file; fails if there is not exactly one.
transcript_of() {
  python3 - "$1" <<'PY'
import json
import sys

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    lesson = json.load(f)
audio = [c for c in lesson.get("cards", []) if c.get("kind") == "audio"]
if len(audio) != 1 or not str(audio[0].get("transcript", "")).strip():
    sys.exit(f"{path}: needs exactly one audio card with a transcript")
sys.stdout.write(audio[0]["transcript"].strip() + "\n")
PY
}

total=0
for slug in "${SLUGS[@]}"; do
  svg="$SRC_DIR/$slug.svg"
  json="$LESSON_DIR/$slug.json"
  [[ -f "$svg" ]] || { echo "make-media-pedagogy: missing $svg" >&2; exit 1; }
  [[ -f "$json" ]] || { echo "make-media-pedagogy: missing $json" >&2; exit 1; }

  # Illustration
  png="$work/$slug.png"
  webp="$MEDIA_DIR/$slug.webp"
  rsvg-convert --width "$WIDTH" --height "$HEIGHT" --format png --output "$png" "$svg"
  convert "$png" -background white -alpha remove -alpha off -resize "${WIDTH}x${HEIGHT}!" \
    -strip -quality "$QUALITY" -define webp:method=6 "$webp"

  # Narration: transcript -> WAV -> small mono AAC
  txt="$work/$slug.txt"
  wav="$work/$slug.wav"
  m4a="$MEDIA_DIR/$slug.m4a"
  transcript_of "$json" >"$txt"
  espeak-ng -v "$VOICE" -s "$SPEED" -f "$txt" -w "$wav"
  ffmpeg -y -loglevel error -i "$wav" -ac 1 -ar 22050 -c:a aac -b:a 32k "$m4a"

  for out in "$webp" "$m4a"; do
    size="$(stat -c %s "$out")"
    total=$((total + size))
    printf '%-45s %7d bytes\n' "$(basename "$out")" "$size"
  done
done
printf '%-45s %7d bytes\n' "total (${#SLUGS[@]} lessons)" "$total"
