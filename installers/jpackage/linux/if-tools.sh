#!/bin/sh
# if-tools.sh KIND "TOOL..." PACKAGES COMMAND...
# Runs COMMAND (jpackage for one installer KIND) when every TOOL is on the PATH. Otherwise prints one line naming
# the missing tool and the package that brings it, and succeeds: a machine without rpm builds the .deb and skips the
# .rpm instead of failing after the .deb with jpackage's "Invalid or unsupported type: [rpm]" (issue 18, item 7).
kind=$1
tools=$2
packages=$3
shift 3
for tool in $tools; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "[WARNING] Skipping the .$kind installer: '$tool' is not installed (install the package(s) $packages, e.g. sudo apt-get install $packages)."
        exit 0
    fi
done
exec "$@"
