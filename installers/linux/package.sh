#!/usr/bin/env bash
# Builds the Linux installers of Mammoth Studio with the JDK's own jlink and jpackage:
#   <dest>/mammoth-studio/                       the app-image: bin/mammoth-studio, lib/app (jars), lib/runtime
#   <dest>/mammoth-studio_<version>-1_amd64.deb   the same image as a Debian package (menu entry, icon)
# The runtime is jlink'd from the JDK's jmods plus the modular JavaFX jars, so the installed app needs no Java.
#
# Usage: installers/linux/package.sh [--app-image-only] [--dest DIR]
#   --app-image-only   skip the .deb (the end-to-end test uses this: the .deb only repackages the image)
#   --dest DIR         where to put the results (default: target/installers of the checkout)
# Needs app/target/app-<version>.jar and app/target/lib (./mammoth package builds them first), a JDK 17 with jmods
# (openjdk-17-jdk), and for the .deb: fakeroot and dpkg-deb.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="$ROOT/target/installers"
APP_IMAGE_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --app-image-only) APP_IMAGE_ONLY=1 ;;
    --dest) DEST="$2"; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { printf 'package: %s\n' "$*" >&2; }
fail() { printf 'package: %s\n' "$*" >&2; exit 1; }

JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java)")")")}"
[ -f "$JAVA_HOME/jmods/java.base.jmod" ] || fail "no jmods in $JAVA_HOME: jlink needs a full JDK (sudo apt-get install openjdk-17-jdk, or set JAVA_HOME)"
for tool in jlink jpackage; do
  [ -x "$JAVA_HOME/bin/$tool" ] || fail "$JAVA_HOME/bin/$tool is missing: install a full JDK 17"
done

APP_JAR="$(ls "$ROOT"/app/target/app-*.jar 2>/dev/null | head -n 1 || true)"
[ -n "$APP_JAR" ] && [ -d "$ROOT/app/target/lib" ] || fail "app/target has no build: run ./mammoth package (it builds first)"
VERSION="$(basename "$APP_JAR" .jar)"; VERSION="${VERSION#app-}"
NAME=mammoth-studio

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/input" "$WORK/javafx" "$DEST"

# The class path of the image: the app and every library except JavaFX, which goes into the runtime as modules.
# The -linux JavaFX jars are the real modules (classes and native libraries); the plain ones are empty placeholders.
cp "$APP_JAR" "$WORK/input/"
for jar in "$ROOT"/app/target/lib/*.jar; do
  case "$(basename "$jar")" in
    javafx-*-linux.jar) cp "$jar" "$WORK/javafx/" ;;
    javafx-*) ;;
    *) cp "$jar" "$WORK/input/" ;;
  esac
done
[ -n "$(ls "$WORK/javafx")" ] || fail "no javafx-*-linux.jar in app/target/lib: rebuild with ./mammoth package"
if [ -d "$ROOT/assets/models" ]; then
  cp -r "$ROOT/assets/models" "$WORK/input/models"
fi

# JDK modules the libraries use (found with jdeps per jar, plus what gson, picocli and DJL load reflectively).
JDK_MODULES=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.prefs,java.scripting,java.sql,java.xml,jdk.crypto.ec,jdk.unsupported,jdk.zipfs
FX_MODULES=javafx.base,javafx.graphics,javafx.controls,javafx.swing
say "jlink: runtime with $FX_MODULES"
"$JAVA_HOME/bin/jlink" --module-path "$JAVA_HOME/jmods:$WORK/javafx" --add-modules "$JDK_MODULES,$FX_MODULES" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$WORK/runtime"

# Same settings as the ./mammoth launcher: DJL offline (fails fast instead of downloading), one interop thread,
# trained weights from the image itself.
JAVA_OPTIONS='-Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1 -Dmammoth.models=$APPDIR/models -XX:MaxRAMPercentage=50'

rm -rf "$DEST/$NAME"
say "jpackage: app-image $NAME $VERSION"
"$JAVA_HOME/bin/jpackage" --type app-image --dest "$DEST" --name "$NAME" --app-version "$VERSION" \
  --vendor "Mammoth Studio" --description "Make, edit and ask about pictures; tiny transformers for microcontrollers" \
  --input "$WORK/input" --main-jar "$(basename "$APP_JAR")" --main-class studio.mammoth.app.Main \
  --runtime-image "$WORK/runtime" --icon "$ROOT/installers/linux/mammoth-studio.png" \
  --java-options "$JAVA_OPTIONS" --arguments studio
say "app-image: $DEST/$NAME ($(du -sh "$DEST/$NAME" | cut -f1))"

if [ "$APP_IMAGE_ONLY" -eq 1 ]; then
  exit 0
fi
for tool in fakeroot dpkg-deb; do
  command -v "$tool" >/dev/null || fail "$tool is missing for the .deb: sudo apt-get install fakeroot dpkg"
done
say "jpackage: .deb"
# Most of the payload is already compressed (jars, the PyTorch library inside one), so dpkg's default xz spends minutes
# for a few percent; gzip builds it in seconds. Set DPKG_DEB_COMPRESSOR_TYPE=xz for the smallest file.
export DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-gzip}"
"$JAVA_HOME/bin/jpackage" --type deb --dest "$DEST" --name "$NAME" --app-version "$VERSION" --app-image "$DEST/$NAME" \
  --vendor "Mammoth Studio" --description "Make, edit and ask about pictures; tiny transformers for microcontrollers" \
  --icon "$ROOT/installers/linux/mammoth-studio.png" \
  --linux-package-name "$NAME" --linux-package-deps "libgtk-3-0, libgl1" --linux-menu-group Graphics \
  --linux-app-category graphics --linux-shortcut --linux-deb-maintainer "maintainers@mammoth.studio"
say "deb: $(ls "$DEST"/*.deb)"
