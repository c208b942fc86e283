#!/usr/bin/env bash
# Checks the Linux .deb as a user would meet it, on Debian/Ubuntu, as root:
#   builds it (or takes the one given), installs it with apt-get, starts the installed desktop app under Xvfb
#   and waits until its first window is shown (screenshot in installers/target/check/), runs the installed
#   `modelbench train`, removes the package with --purge and checks that nothing of it is left.
#
# usage: installers/check-linux-package.sh [--starts N] [--cold] [path/to/modelbench_*.deb]
#   --starts N  start the installed app N times (default 1) and report each time to first window and the median
#   --cold      every start with an empty home (no ~/.javacpp or ~/.openjfx cache: a first start after install);
#               otherwise the caller's home is used (cold only the first time ND4J is unpacked there)
# Environment: MVN (default mvn) and CHECK_MAVEN_ARGS (extra Maven arguments) for the build.
set -euo pipefail

starts=1
cold=false
deb=""
while [ $# -gt 0 ]; do
    case "$1" in
        --starts) starts="$2"; shift 2 ;;
        --cold) cold=true; shift ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) deb="$1"; shift ;;
    esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/installers/target/check"
t0=$(date +%s)
step() { printf '\n== %s\n' "$*"; }
fail() { printf '\nFAIL: %s\n' "$*" >&2; exit 1; }
seconds_since() { echo $(( $(date +%s) - $1 )); }

[ "$(id -u)" = 0 ] || fail "run as root (it installs and removes a package)"
command -v apt-get >/dev/null || fail "needs apt-get (Debian or Ubuntu)"
mkdir -p "$out"

step "System packages"
# xvfb/xauth: a display; libgtk-3-0: JavaFX's window toolkit; fakeroot, binutils, dpkg-dev: jpackage --type deb;
# imagemagick: the screenshot. (rpm is not needed: the .rpm is not built here.)
need=()
for p in xvfb xauth libgtk-3-0 fakeroot binutils dpkg-dev imagemagick; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ] || ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then
    apt-get update -qq
fi
if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
    echo "all present"
fi

build_s="-"
if [ -z "$deb" ]; then
    step "Build the .deb (mvn -Pinstaller package, tests skipped)"
    tb=$(date +%s)
    (cd "$root" && ${MVN:-mvn} -B -q -Pinstaller package -DskipTests -Dinstaller.skipRpm=true ${CHECK_MAVEN_ARGS:-})
    build_s=$(seconds_since "$tb")
    deb=$(ls -t "$root"/installers/target/modelbench_*.deb | head -n 1)
fi
[ -f "$deb" ] || fail "no .deb at '$deb'"
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
deb_bytes=$(stat -c %s "$deb")
echo "$deb: $deb_bytes bytes"
[ "$deb_bytes" -le 200000000 ] || fail ".deb is larger than 200 MB"

installed=false
cleanup() {
    if $installed; then
        echo "(removing the package after a failure)"
        apt-get remove --purge -y -qq modelbench >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT

step "Install"
if dpkg-query -W -f='${Status}' modelbench 2>/dev/null | grep -q "install ok installed"; then
    echo "an earlier modelbench is installed: removing it first"
    apt-get remove --purge -y -qq modelbench >/dev/null
fi
# The post-install script registers the menu entry with xdg-desktop-menu, which fails where these are missing
# (containers, minimal systems).
mkdir -p /etc/xdg/menus /usr/share/applications /usr/share/desktop-directories
ti=$(date +%s)
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" > "$out/apt-install.log" 2>&1 \
    || { cat "$out/apt-install.log"; fail "apt-get install"; }
install_s=$(seconds_since "$ti")
installed=true
[ -x /opt/modelbench/bin/ModelBench ] || fail "no /opt/modelbench/bin/ModelBench"
[ -x /opt/modelbench/bin/modelbench ] || fail "no /opt/modelbench/bin/modelbench"
[ "$(readlink /usr/bin/modelbench)" = /opt/modelbench/bin/modelbench ] || fail "/usr/bin/modelbench is not a link to the launcher"
desktop=/usr/share/applications/modelbench-ModelBench.desktop
[ -f "$desktop" ] || fail "no menu entry $desktop"
grep -q '^Exec=/opt/modelbench/bin/ModelBench' "$desktop" || fail "the menu entry does not start /opt/modelbench/bin/ModelBench"
grep -q '^MimeType=.*application/x-modelbench-project' "$desktop" || fail "the menu entry does not open ModelBench projects (no MimeType)"
grep -q '^NoDisplay=true' /usr/share/applications/modelbench-modelbench.desktop \
    || fail "the command line's menu entry is not hidden"
others=$(ls /opt/modelbench/lib/app/lib | grep -Ei 'windows|macosx|android|ios-|opencv|ffmpeg|leptonica' || true)
[ -z "$others" ] || fail "natives of another platform or unused native libraries in the package: $others"
installed_mb=$(du -sb /opt/modelbench | awk '{printf "%.0f", $1 / 1e6}')
echo "installed: /opt/modelbench ($installed_mb MB), /usr/bin/modelbench -> $(readlink /usr/bin/modelbench), $desktop"

step "Start the installed app under Xvfb ($starts time(s), $($cold && echo 'empty home each time' || echo "home $HOME"))"
shot="$out/first-window.png"
rm -f "$shot"
# One start: the app writes the milliseconds from JVM start to its first window shown into the report file
# (-Dmodelbench.startup.report, passed through JAVA_TOOL_OPTIONS, which the jpackage launcher's JVM reads).
start_once() { # $1 = run number; prints "ms cache-state"
    local home="$HOME" report="$out/startup-$1.txt" cache
    if $cold; then home=$(mktemp -d); fi
    if [ -d "$home/.javacpp/cache" ]; then cache=warm; else cache=cold; fi
    rm -f "$report"
    HOME="$home" REPORT="$report" SHOT="$([ "$1" = 1 ] && echo "$shot" || true)" \
    xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
        JAVA_TOOL_OPTIONS="-Dmodelbench.startup.report=$REPORT" /opt/modelbench/bin/ModelBench &
        app=$!
        for _ in $(seq 1 240); do [ -s "$REPORT" ] && break; kill -0 $app 2>/dev/null || break; sleep 0.25; done
        if [ -s "$REPORT" ] && [ -n "$SHOT" ] && command -v import >/dev/null; then
            sleep 2; import -window root "$SHOT"
        fi
        alive=no; kill -0 $app 2>/dev/null && alive=yes
        kill $app 2>/dev/null; wait $app 2>/dev/null
        [ "$alive" = yes ]' > "$out/app-$1.log" 2>&1 || { cat "$out/app-$1.log" >&2; fail "the app did not stay up (log above)"; }
    [ -s "$report" ] || { cat "$out/app-$1.log" >&2; fail "no first window within 60 s (log above)"; }
    if $cold; then rm -rf "$home"; fi
    echo "$(cat "$report") $cache"
}
times=()
for i in $(seq 1 "$starts"); do
    r=$(start_once "$i")
    echo "start $i: ${r% *} ms to first window (${r#* } ~/.javacpp cache)"
    times+=("${r% *}")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}')
[ -f "$shot" ] && echo "screenshot: $shot"

step "Run the installed command line: modelbench train --data sample:iris --epochs 5"
work=$(mktemp -d)
tc=$(date +%s%N)
set +e
(cd "$work" && modelbench train --data sample:iris --out "$work/iris.zip" --epochs 5 > "$work/out.json" 2> "$work/err.txt")
rc=$?
set -e
cli_ms=$(( ($(date +%s%N) - tc) / 1000000 ))
cp "$work/out.json" "$out/train.json"; cp "$work/err.txt" "$out/train.stderr"
[ $rc = 0 ] || { cat "$work/err.txt"; fail "modelbench train exited with $rc"; }
json=$(tail -n 1 "$work/out.json")
case "$json" in "{"*"}") ;; *) fail "the last stdout line is not a JSON object: $json" ;; esac
if command -v python3 >/dev/null; then
    python3 -c 'import json,sys; json.loads(sys.argv[1])' "$json" || fail "the last stdout line is not valid JSON"
fi
[ -s "$work/iris.zip" ] || fail "no model written"
if grep -q 'ch.qos.logback' "$work/err.txt"; then fail "logback's status report on stderr"; fi
accuracy=$(echo "$json" | grep -o '"accuracy":[0-9.]*' | head -n 1 | cut -d: -f2)
echo "exit 0, JSON on the last line (test accuracy $accuracy), model $(stat -c %s "$work/iris.zip") bytes, ${cli_ms} ms"
rm -rf "$work"

step "Remove with --purge"
apt-get remove --purge -y -qq modelbench > "$out/apt-remove.log" 2>&1 || { cat "$out/apt-remove.log"; fail "apt-get remove"; }
installed=false
left=$(find /opt /usr/bin /usr/share/applications /usr/local/share/applications /var/lib/dpkg/info \
    -maxdepth 1 -iname '*modelbench*' 2>/dev/null || true)
if [ -e /usr/bin/modelbench ] || [ -L /usr/bin/modelbench ]; then left="$left /usr/bin/modelbench"; fi
[ -z "$(echo "$left" | tr -d ' \n')" ] || fail "left behind: $left"
if dpkg-query -W modelbench >/dev/null 2>&1; then fail "dpkg still knows modelbench"; fi
echo "nothing left (/opt/modelbench, /usr/bin/modelbench, menu entries and dpkg's files are gone;"
echo "the user's ~/.javacpp and ~/.openjfx caches stay, as for any user data)"

printf '\n== Summary\n'
printf '  .deb              %s (%s MB)\n' "$(basename "$deb")" "$(awk "BEGIN {printf \"%.1f\", $deb_bytes / 1e6}")"
printf '  build             %s s\n' "$build_s"
printf '  install           %s s, %s MB in /opt/modelbench\n' "$install_s" "$installed_mb"
printf '  first window      %s ms (median of %s: %s)\n' "$median" "$starts" "${times[*]}"
printf '  modelbench train  exit 0, JSON, accuracy %s, %s ms\n' "$accuracy" "$cli_ms"
printf '  remove --purge    nothing left\n'
[ -f "$shot" ] && printf '  screenshot        %s\n' "$shot"
printf '  total             %s s\n' "$(seconds_since "$t0")"
echo "PASS"
