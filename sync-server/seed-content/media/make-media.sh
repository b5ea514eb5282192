#!/usr/bin/env bash
# Builds the lesson media in this folder.
#
#  1. Illustrations: renders media/src/<slug>.svg to media/<slug>.webp (640x360, WebP quality 70).
#     Needs: rsvg-convert (Debian package librsvg2-bin) and ImageMagick's convert (package imagemagick).
#  2. Narration: for every lesson in ../lessons/<slug>.json and ../lessons/<language>/<slug>.json that
#     has an audio card, speaks the card's transcript with espeak-ng (the voice of the lesson's language:
#     en-gb, pl, lt, hu, ro, cs, fi; 150 words a minute) and encodes it with ffmpeg to AAC mono,
#     22050 Hz, 32 kbit/s, written to the file named by the card's src (media/<slug>.m4a, or
#     media/<slug>-<language>.m4a for a translation).
#     Needs: espeak-ng (package espeak-ng), ffmpeg (package ffmpeg) and python3, only when a lesson has
#     an audio card.
#
# Usage: make-media.sh            build everything
#        make-media.sh SLUG...    build only these lessons' media, in every language (for example: make-media.sh bookkeeping-basics)
#        make-media.sh LANGUAGE   build only the narration of one language's translations (for example: make-media.sh pl)
# Every run writes the same files from the same sources, so it is safe to run again.
# Works from any directory: paths are taken relative to this script.
set -euo pipefail

MEDIA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC_DIR="$MEDIA_DIR/src"
LESSON_DIR="$(cd "$MEDIA_DIR/../lessons" && pwd)"
WIDTH=640
HEIGHT=360
QUALITY=70
WPM=150

shopt -s nullglob
if (($# > 0)); then
  svgs=()
  lessons=()
  for slug in "$@"; do
    if [[ -d "$LESSON_DIR/$slug" ]]; then
      lessons+=("$LESSON_DIR/$slug"/*.json)
      continue
    fi
    [[ -f "$SRC_DIR/$slug.svg" ]] && svgs+=("$SRC_DIR/$slug.svg")
    [[ -f "$LESSON_DIR/$slug.json" ]] && lessons+=("$LESSON_DIR/$slug.json")
    lessons+=("$LESSON_DIR"/*/"$slug.json")
    if [[ ! -f "$SRC_DIR/$slug.svg" && ! -f "$LESSON_DIR/$slug.json" ]]; then
      echo "make-media: no illustration, lesson or language called '$slug'" >&2
      exit 1
    fi
  done
else
  svgs=("$SRC_DIR"/*.svg)
  lessons=("$LESSON_DIR"/*.json "$LESSON_DIR"/*/*.json)
  if ((${#svgs[@]} == 0)); then
    echo "make-media: no SVG files in $SRC_DIR" >&2
    exit 1
  fi
fi

# Illustrations need their tools only when there are illustrations to make.
if ((${#svgs[@]} > 0)); then
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
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

total=0
count=0
for svg in "${svgs[@]}"; do
  slug="$(basename "$svg" .svg)"
  png="$work/$slug.png"
  out="$MEDIA_DIR/$slug.webp"
  rsvg-convert --width "$WIDTH" --height "$HEIGHT" --format png --output "$png" "$svg"
  convert "$png" -background white -alpha remove -alpha off -resize "${WIDTH}x${HEIGHT}!" \
    -strip -quality "$QUALITY" -define webp:method=6 "$out"
  size="$(stat -c %s "$out")"
  total=$((total + size))
  count=$((count + 1))
  printf '%-50s %7d bytes\n' "$slug.webp" "$size"
done

# Narration. For each lesson, print "<file name>\t<espeak-ng voice>\t<transcript>" for its audio card(s), if any.
audio_jobs() {
  python3 - "$@" <<'PY'
import json, os, sys
# espeak-ng's voice for each of the app's languages (British English for English).
VOICES = {"en": "en-gb", "pl": "pl", "lt": "lt", "hu": "hu", "ro": "ro", "cs": "cs", "fi": "fi"}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        lesson = json.load(f)
    for card in lesson.get("cards", []):
        if card.get("kind") != "audio":
            continue
        name = os.path.basename(card["src"])
        text = " ".join(card["transcript"].split())
        print(name + "\t" + VOICES[lesson.get("language", "en")] + "\t" + text)
PY
}

if ((${#lessons[@]} > 0)) && grep -lq '"kind": *"audio"' "${lessons[@]}"; then
  missing=()
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
  command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
  if ((${#missing[@]} > 0)); then
    echo "make-media: missing tools for the narration. Install them with:" >&2
    echo "  sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  while IFS=$'\t' read -r name voice text; do
    [[ -n "$name" ]] || continue
    printf '%s\n' "$text" >"$work/say.txt"
    espeak-ng -v "$voice" -s "$WPM" -w "$work/say.wav" -f "$work/say.txt" </dev/null
    out="$MEDIA_DIR/$name"
    ffmpeg -nostdin -y -loglevel error -i "$work/say.wav" -map_metadata -1 -fflags +bitexact \
      -ac 1 -ar 22050 -c:a aac -b:a 32k -flags:a +bitexact -movflags +faststart "$out" </dev/null
    size="$(stat -c %s "$out")"
    total=$((total + size))
    count=$((count + 1))
    printf '%-50s %7d bytes\n' "$name" "$size"
  done < <(audio_jobs "${lessons[@]}")
fi

printf '%-50s %7d bytes\n' "total ($count files)" "$total"
