#!/usr/bin/env bash
# Fuzzes every file reader with libFuzzer under AddressSanitizer and UndefinedBehaviorSanitizer.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Runs each target (all of them by default: gltf glb obj stl ply off fbx dae map library
# layer-names lesson profile sim-parameters) for SECONDS (default 60), starting from the seeds
# in fuzz/seeds, the repository's own files and, where it is present, ../shared/data. The corpus
# each run grows is kept in the build folder for the next run. Prints one line per target
# (executions, coverage, corpus, crashes, slow inputs) and exits 1 if any target crashed; the
# inputs this run found are in $FUZZ_BUILD_DIR/fuzz-crashes/<target>/, each to be fixed and then
# kept as a regression file in tests/data/fuzz-regressions/<target>/.
#
# FUZZ_BUILD_DIR (default build-fuzz) is the clang build it makes or reuses; FUZZ_JOBS runs that
# many targets at once (default 1); FUZZ_UNIT_TIMEOUT_S (default 30) is how long one input may
# run before it counts as a hang (raise it when the fuzzer shares a busy machine).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
all_targets=(gltf glb obj stl ply off fbx dae map library layer-names lesson profile sim-parameters)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
build=${FUZZ_BUILD_DIR:-build-fuzz}
jobs=${FUZZ_JOBS:-1}
unit_timeout=${FUZZ_UNIT_TIMEOUT_S:-30}

scripts/install-deps.sh clang libclang-rt-14-dev
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DFASCIALAB_SANITIZE=ON -DFASCIALAB_FUZZ=ON -DFASCIALAB_BUILD_TESTS=OFF -DFASCIALAB_BUILD_BENCH=OFF \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target $(printf 'fascialab_fuzz_%s ' "${targets[@]}")

shared=../shared/data
# Seeds: copies, so that the corpus folders never hold links into the tree.
seed() { # seed TARGET FILE...
  local dir="$build/fuzz-corpus/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp -n "$f" "$dir/seed-$(basename "$f")"; done
  return 0
}
for t in "${targets[@]}"; do
  seed "$t" fuzz/seeds/"$t"/* tests/data/fuzz-regressions/"$t"/*
  case "$t" in
    glb)
      # The smallest atlas parts (Draco-compressed) and, from ../shared/data, the validator's
      # and tinygltf's cases under 64 kB.
      seed glb $(ls -S third_party/bodyparts3d/parts/*.glb | tail -n 20)
      [ -d "$shared" ] && seed glb $(find "$shared/corpora" -name '*.glb' -size -64k) ;;
    gltf) [ -d "$shared" ] && seed gltf $(find "$shared/corpora" -name '*.gltf' -size -64k) ;;
    map) seed map examples/*.fascia.json tests/data/maps/* ;;
    lesson) seed lesson assets/lessons/*.json tests/data/lessons-broken/* ;;
    layer-names) seed layer-names assets/anatomy/layer-names.json ;;
    sim-parameters) seed sim-parameters assets/sim/fascia.json ;;
    library)
      # One input: library.json, places.json and the region files in library.json's order,
      # separated by NUL bytes (fuzz/FuzzEntries.cpp).
      mkdir -p "$build/fuzz-corpus/library"
      lib=assets/library
      regions=$(sed -n 's/.*"regions": *\[\(.*\)\].*/\1/p' $lib/library.json | tr -d '" ' | tr ',' ' ')
      {
        cat $lib/library.json; printf '\0'; cat $lib/places.json
        for r in $regions; do printf '\0'; cat "$lib/trigger-points/$r.json"; done
      } > "$build/fuzz-corpus/library/seed-reference-library" ;;
  esac
done

# An importer that runs away is stopped sooner than in the product, so that it shows as slow
# rather than stalling the run; leaks are reported (the readers must free what they allocate).
export FASCIALAB_IMPORT_TIME_LIMIT_S=10
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

run_one() {
  local t=$1
  rm -rf "$build/fuzz-crashes/$t" # what this run finds
  mkdir -p "$build/fuzz-crashes/$t" "$build/fuzz-logs"
  local log="$build/fuzz-logs/$t.log"
  local status=0
  "$build/fuzz/fascialab_fuzz_$t" "$build/fuzz-corpus/$t" -max_total_time="$seconds" \
    -timeout="$unit_timeout" -rss_limit_mb=4096 -max_len=262144 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-crashes/$t/" >"$log" 2>&1 || status=$?
  local execs cov corpus crashes slow
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  corpus=$(ls "$build/fuzz-corpus/$t" | wc -l)
  # crash-, leak-, oom- and timeout- files fail the run; a slow unit (an importer stopped by
  # its time limit) is reported, since the limit is what keeps it from hanging the program.
  crashes=$(ls "$build/fuzz-crashes/$t" | grep -vc '^slow-unit' || true)
  slow=$(ls "$build/fuzz-crashes/$t" | grep -c '^slow-unit' || true)
  # An importer's child process that crashes leaves its input here too, while the fuzzer itself
  # runs on (the product tells the user; the fuzzer still counts it as a crash to fix).
  local verdict=ok
  if [ $status -ne 0 ]; then
    verdict="FAILED (exit $status, $log)"
  elif [ "$crashes" -gt 0 ]; then
    verdict="FAILED ($crashes inputs in $build/fuzz-crashes/$t, $log)"
  fi
  printf '%-15s %6s s %12s execs %7s edges %6s inputs %3s crashes %3s slow  %s\n' "$t" "$seconds" \
    "${execs:-?}" "${cov:-?}" "$corpus" "$crashes" "$slow" "$verdict"
  [ "$verdict" = ok ]
}

echo "fuzzing ${#targets[@]} targets for $seconds s each"
failed=0
if [ "$jobs" -gt 1 ]; then
  export -f run_one; export build seconds unit_timeout
  printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}' || failed=1
else
  for t in "${targets[@]}"; do run_one "$t" || failed=1; done
fi
exit $failed
