#!/usr/bin/env bash
# Coverage-guided fuzzing of the device code's parsers with AFL++ and SharpFuzz.
#
#   tools/fuzz.sh TARGET [SECONDS]   build, instrument and fuzz one target (default 300 s)
#   tools/fuzz.sh --ci               every target for a short fixed budget; exit 1 on any crash
#   tools/fuzz.sh --list             the targets
#
# Findings land in $EDGENANO_FUZZ_DIR (default artifacts/fuzz, git-ignored): findings/TARGET/default/
# crashes|hangs|queue and fuzzer_stats. Each crash is replayed through the uninstrumented build
# and printed (path, hex, exception). See docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
ci_seconds=${FUZZ_CI_SECONDS:-25}
work=${EDGENANO_FUZZ_DIR:-$repo/artifacts/fuzz}
project=tests/EdgeNano.Fuzz
plain=$repo/$project/bin/Release/net10.0      # the normal build: replay, dictionaries
instrumented=$work/bin                          # a copy whose device libraries are instrumented
# The device libraries (one assembly per module); the harness, SharpFuzz and the framework stay as they are.
device_libraries="Runtime DeviceTwin Board EventBus EdgeHub Updates Gpio Composition"
corpus=$repo/$project/corpus

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

build() {
  dotnet build "$project" -c Release -v quiet -nologo -clp:NoSummary >/dev/null
  dotnet tool restore >/dev/null
  rm -rf "$instrumented"
  mkdir -p "$work"
  cp -r "$plain" "$instrumented"
  for library in $device_libraries; do
    dotnet sharpfuzz "$instrumented/EdgeNano.$library.dll" >/dev/null
  done
}

targets() { dotnet "$plain/EdgeNano.Fuzz.dll" list | awk '{print $1}'; }

stat() { awk -v k="$2" '$1 == k { print $3 }' "$1"; }

# fuzz TARGET SECONDS: runs afl-fuzz, then replays what it saved. Sets runs_execs, runs_crashes.
fuzz() {
  local target=$1 seconds=$2
  local out=$work/findings/$target
  [ -d "$corpus/$target" ] || { echo "no seed corpus $corpus/$target" >&2; return 1; }
  rm -rf "$out"
  mkdir -p "$out"
  dotnet "$plain/EdgeNano.Fuzz.dll" dict "$target" > "$work/$target.dict"
  local dict=()
  [ -s "$work/$target.dict" ] && dict=(-x "$work/$target.dict")
  # dotnet is not an instrumented binary (SharpFuzz speaks AFL's protocol from managed code),
  # hence SKIP_BIN_CHECK; the other settings make afl-fuzz usable without a tty, core_pattern
  # or CPU governor access, on a machine shared with other work.
  AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 \
  AFL_NO_AFFINITY=1 \
    afl-fuzz -i "$corpus/$target" -o "$out" "${dict[@]}" -t 5000 -m none -V "$seconds" \
      -- dotnet "$instrumented/EdgeNano.Fuzz.dll" afl "$target" > "$out/afl.log" 2>&1 || {
        echo "afl-fuzz failed for $target; last lines of $out/afl.log:" >&2
        tail -20 "$out/afl.log" >&2
        return 1
      }
  local stats=$out/default/fuzzer_stats
  local execs edges crashes hangs
  execs=$(stat "$stats" execs_done); edges=$(stat "$stats" edges_found)
  crashes=$(stat "$stats" saved_crashes); hangs=$(stat "$stats" saved_hangs)
  printf '%-16s %5ss %10s execs %6s edges %8s corpus %3s crashes %3s hangs\n' \
    "$target" "$(stat "$stats" run_time)" "$execs" "$edges" "$(stat "$stats" corpus_count)" "$crashes" "$hangs"
  runs_execs=$((runs_execs + execs))
  local found=0
  # Crashes: every saved input, replayed through the plain build to show what went wrong.
  # Hangs: AFL's timeout is 5 s on a shared machine, so a hang counts once replay confirms it.
  for kind in crashes hangs; do
    local files=("$out"/default/$kind/id:*)
    [ -e "${files[0]}" ] || continue
    local replay
    if replay=$(dotnet "$plain/EdgeNano.Fuzz.dll" replay "$target" "${files[@]}"); then
      [ "$kind" = crashes ] && { echo "$replay"; echo "  (AFL saved these as crashes but they do not reproduce)"; found=$((found + ${#files[@]})); }
    else
      echo "$replay"
      found=$((found + $(grep -c '^CRASH' <<<"$replay")))
    fi
  done
  runs_crashes=$((runs_crashes + found))
}

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++ (see docs/reliability.md)" >&2; exit 1; }
runs_execs=0
runs_crashes=0
case "${1:-}" in
  ""|-h|--help) usage ;;
  --list) build; dotnet "$plain/EdgeNano.Fuzz.dll" list ;;
  --ci)
    build
    n=0
    for target in $(targets); do
      fuzz "$target" "$ci_seconds" || runs_crashes=$((runs_crashes + 1))
      n=$((n + 1))
    done
    echo "fuzz: $n targets, $runs_execs executions, $runs_crashes crashes"
    [ "$runs_crashes" -eq 0 ]
    ;;
  -*) usage ;;
  *)
    build
    fuzz "$1" "${2:-300}"
    echo "fuzz: 1 targets, $runs_execs executions, $runs_crashes crashes"
    [ "$runs_crashes" -eq 0 ]
    ;;
esac
