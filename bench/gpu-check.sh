#!/usr/bin/env bash
# The CUDA backend on a real GPU, in one command, prepared on a build machine so that the GPU's minutes
# go to GPU work alone.
#
#   bench/gpu-check.sh pack [FILE]     on a build machine (JDK 17 with jlink, Maven; CMake and nvcc unless
#                                      build/kernels/fatecg_kernels.fatbin exists): builds the kernels, the
#                                      jars and a jlink Java runtime, and packs them with this script and
#                                      the golden file into FILE (default build/gpu-payload.tar.gz). Prints
#                                      the size and refuses a payload over 64 MiB.
#   bench/gpu-check.sh run [PAYLOAD]   on the GPU machine (no Java needed): PAYLOAD is that file or the folder
#                                      it unpacks to (default: the folder holding this script when it is an
#                                      unpacked payload, else build/gpu-payload.tar.gz).
#
# run prints the GPU, driver and CUDA versions, then stops at once (exit 3) when CUDA device 0 cannot be
# opened. Otherwise it runs, each step under a time limit and whatever the one before gave:
#   1. tests: the GPU parity suite (every backend method, the small CNN's logits, gradients and PGD
#      trajectory against the CPU backend) and the golden CNN and attack tests with the GPU as the engine;
#   2. bench: `fatecg bench --device cuda --batch 64,256,1024`;
#   3. jmh:   the JMH CudaBench (short: 2 warm-up and 3 measured iterations of 1 s, one fork).
# Logs and results.md (one row per step, then the figures) go to $OUT when it is set, else ./gpu-check-out.
# Exit 0 when every step passed, 1 when one failed, 2 for a usage or payload error, 3 without a GPU.
#
# GPU_CHECK_JAVA and GPU_CHECK_CLASSPATH replace the payload's runtime and jars (a test runs the script on
# a build tree this way). GPU_CHECK_SECONDS sets bench's --seconds (default 2).
set -euo pipefail

usage() { sed -n '5,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
die() { echo "gpu-check: $*" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
max_bytes=$((64 * 1024 * 1024))

# ---- pack --------------------------------------------------------------------------------------------
pack() {
    local root file stage payload
    root="$(cd "$here/.." && pwd)"
    [ -f "$root/java/pom.xml" ] || die "pack runs from a fatecg checkout (no java/pom.xml above $here)"
    file="${1:-$root/build/gpu-payload.tar.gz}"
    case "$file" in /*) ;; *) file="$PWD/$file" ;; esac
    command -v jlink >/dev/null || die "pack needs a JDK 17 with jlink on PATH"
    command -v mvn >/dev/null || die "pack needs Maven on PATH"
    cd "$root"
    if [ ! -f build/kernels/fatecg_kernels.fatbin ]; then
        command -v nvcc >/dev/null || [ -x /usr/local/cuda/bin/nvcc ] \
            || die "no build/kernels/fatecg_kernels.fatbin and no nvcc to build it: the jar would have no kernels"
        echo "== kernels (cmake, nvcc)"
        PATH="$PATH:/usr/local/cuda/bin" cmake -S . -B build -DFATECG_REQUIRE_NVCC=ON >/dev/null
        cmake --build build --target kernels
    fi
    echo "== jars (mvn package; tests compiled, not run)"
    mvn -B -q package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
    unzip -l java/target/fatecg.jar org/fatecg/backend/cuda/fatecg_kernels.fatbin >/dev/null 2>&1 \
        || die "java/target/fatecg.jar has no kernels (build/kernels/fatecg_kernels.fatbin was not packed)"
    stage="$(mktemp -d)"
    trap 'rm -rf "$stage"' RETURN
    payload="$stage/gpu-payload"
    mkdir -p "$payload/lib" "$payload/shared/golden"
    cp java/target/fatecg.jar "$payload/lib/"
    cp bench/target/fatecg-bench-*.jar "$payload/lib/fatecg-bench.jar"
    (cd java/target/test-classes && jar cf "$payload/lib/fatecg-tests.jar" .)
    # Only the test and JMH libraries: everything else is already shaded into fatecg.jar.
    tr ':' '\n' < java/target/classpath.txt | grep -E '/(junit-|opentest4j|apiguardian)' | xargs -I{} cp {} "$payload/lib/"
    tr ':' '\n' < bench/target/classpath.txt | grep -E '/(jmh-core|jopt-simple|commons-math3)' | xargs -I{} cp {} "$payload/lib/"
    local golden
    golden="$(cd "$root/.." && pwd)/shared/golden/cnn-golden.safetensors"
    if [ -f "$golden" ]; then cp "$golden" "$payload/shared/golden/"
    else echo "gpu-check: warning: no $golden; the golden tests will be reported as skipped" >&2; fi
    cp "$here/gpu-check.sh" "$payload/"
    # Two tests of the parity package read the kernel source and look for a checkout's layout around the
    # jar (KernelSignatureTest, KernelImageTest): the sources and CMakeLists.txt come along (100 kB).
    mkdir -p "$payload/kernels"
    cp kernels/*.cu kernels/*.cuh "$payload/kernels/"
    cp CMakeLists.txt "$payload/"
    local modules
    modules="$(jdeps --ignore-missing-deps --multi-release 17 --print-module-deps "$payload"/lib/*.jar 2>/dev/null | tail -1)"
    # jdk.zipfs: the JUnit launcher scans the test jar as a file system; jdeps cannot see that use.
    modules="$modules,jdk.zipfs"
    case ",$modules," in *,jdk.incubator.vector,*) ;; *) modules="$modules,jdk.incubator.vector" ;; esac
    echo "== java runtime (jlink: $modules)"
    jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
        --output "$payload/runtime" 2>&1 | { grep -v 'incubator modules' || true; }
    "$payload/runtime/bin/java" --add-modules=jdk.incubator.vector -version 2>&1 | grep -v incubator | sed 's/^/   /'
    mkdir -p "$(dirname "$file")"
    tar -C "$stage" -czf "$file.tmp" gpu-payload
    local bytes
    bytes=$(stat -c %s "$file.tmp")
    if [ "$bytes" -gt "$max_bytes" ]; then
        rm -f "$file.tmp"
        die "the payload is $bytes bytes ($((bytes / 1048576)) MiB), over the 64 MiB that travels; nothing written"
    fi
    mv "$file.tmp" "$file"
    echo "== payload: $file, $bytes bytes ($(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1048576}') MiB of 64 MiB;" \
        "unpacked $(du -sb "$payload" | cut -f1) bytes)"
}

# ---- run ---------------------------------------------------------------------------------------------
results=""
failed=0

# step NAME LIMIT_S LOG CMD...: runs CMD under a time limit, logs it, adds a row to results.md.
step() {
    local name="$1" limit="$2" log="$3" rc start secs verdict
    shift 3
    echo "== $name (limit ${limit}s, log $log)"
    start=$(date +%s)
    set +e
    timeout "$limit" "$@" 2>&1 | tee "$out/$log"
    rc=${PIPESTATUS[0]}
    set -e
    secs=$(( $(date +%s) - start ))
    case $rc in
        0) verdict="passed" ;;
        124) verdict="timed out after ${limit} s"; failed=1 ;;
        *) verdict="failed (exit $rc)"; failed=1 ;;
    esac
    results+="| $name | $verdict | $secs | $log |"$'\n'
    return 0
}

write_results() {
    {
        echo "# gpu-check results"
        echo
        echo "$(date -u '+%Y-%m-%d %H:%M UTC'), host $(hostname)"
        echo
        echo '```'
        cat "$out/versions.txt"
        echo '```'
        echo
        echo "| step | result | seconds | log |"
        echo "| --- | --- | ---: | --- |"
        printf '%s' "$results"
        if [ -s "$out/bench-cuda.md" ]; then echo; echo "## fatecg bench --device cuda"; echo; cat "$out/bench-cuda.md"; fi
        if [ -s "$out/jmh-cuda.csv" ]; then
            echo; echo "## JMH CudaBench"; echo
            echo "| benchmark | layer | ops/s | error |"; echo "| --- | ---: | ---: | ---: |"
            # JMH's CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: layer"
            tail -n +2 "$out/jmh-cuda.csv" | tr -d '"' | awk -F, '{printf "| %s | %s | %.1f | %.1f |\n", $1, $8, $5, $6}'
        fi
    } > "$out/results.md.tmp"
    mv "$out/results.md.tmp" "$out/results.md"
}

run() {
    local payload="${1:-}" java cp unpacked=""
    out="${OUT:-$PWD/gpu-check-out}"
    mkdir -p "$out"
    out="$(cd "$out" && pwd)"
    if [ -n "${GPU_CHECK_JAVA:-}" ]; then
        java="$GPU_CHECK_JAVA"
        cp="${GPU_CHECK_CLASSPATH:?GPU_CHECK_CLASSPATH must be set with GPU_CHECK_JAVA}"
    else
        if [ -z "$payload" ]; then
            if [ -x "$here/runtime/bin/java" ]; then payload="$here"; else payload="$here/../build/gpu-payload.tar.gz"; fi
        fi
        if [ -f "$payload" ]; then
            unpacked="$(mktemp -d)"
            trap 'rm -rf "$unpacked"' EXIT
            tar -C "$unpacked" -xzf "$payload" || die "cannot unpack $payload"
            payload="$unpacked/gpu-payload"
        fi
        [ -x "$payload/runtime/bin/java" ] || die "no payload at ${1:-$payload} (make one with: bench/gpu-check.sh pack)"
        java="$payload/runtime/bin/java"
        cp="$payload/lib/*"
        cd "$payload" # the tests find shared/golden from the working folder
    fi
    local jvm=("$java" --add-modules=jdk.incubator.vector -Xmx16g -cp "$cp")

    local smi="nvidia-smi --format=csv,noheader --query-gpu"
    {
        echo "gpu:            $($smi=name,memory.total,compute_cap 2>/dev/null | head -1 || true)"
        echo "driver:         $($smi=driver_version 2>/dev/null | head -1 || true)"
        echo "cuda (driver):  $(nvidia-smi 2>/dev/null | grep -o 'CUDA Version: [0-9.]*' | head -1 | cut -d' ' -f3 || true)"
        echo "cuda (toolkit): $(nvcc --version 2>/dev/null | grep -o 'release [0-9.]*' | cut -d' ' -f2 || true)"
        echo "cublas:         $(ldconfig -p 2>/dev/null | grep -o 'libcublas.so.12[^ ]*' | head -1 || true)" \
            "${LD_LIBRARY_PATH:+LD_LIBRARY_PATH=$LD_LIBRARY_PATH}"
        echo "java:           $("$java" -version 2>&1 | grep -v incubator | head -1)"
        echo "cpu:            $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)"
    } | sed 's/: *$/: none found/' > "$out/versions.txt"
    cat "$out/versions.txt"

    # Fail fast: one JVM start that opens device 0 and says why it cannot.
    set +e
    timeout 60 "${jvm[@]}" org.fatecg.backend.cuda.GpuCheck probe 2>&1 | grep -v 'incubator modules' | tee "$out/probe.log"
    local rc=${PIPESTATUS[0]}
    set -e
    if [ "$rc" -ne 0 ]; then
        results+="| probe | no usable GPU (exit $rc) | - | probe.log |"$'\n'
        write_results
        echo "gpu-check: stopped: CUDA device 0 cannot be opened here (probe.log says why); nothing else was run" >&2
        exit 3
    fi
    results+="| probe | $(sed -n 's/^gpu-check: opened //p' "$out/probe.log") | - | probe.log |"$'\n'

    step "tests" 300 tests.log "${jvm[@]}" org.fatecg.backend.cuda.GpuCheck tests "$out/tests-detail.log"
    step "bench" 300 bench.log "${jvm[@]}" org.fatecg.cli.Main bench --device cuda --batch 64,256,1024 \
        --seconds "${GPU_CHECK_SECONDS:-2}" --out "$out/bench-cuda.md"
    step "jmh" 300 jmh.log "${jvm[@]}" org.openjdk.jmh.Main CudaBench -wi 2 -w 1 -i 3 -r 1 -f 1 \
        -rf csv -rff "$out/jmh-cuda.csv"
    write_results
    echo "gpu-check: results in $out/results.md"
    exit $failed
}

case "${1:-}" in
    pack) shift; pack "$@" ;;
    run) shift; run "$@" ;;
    *) usage ;;
esac
