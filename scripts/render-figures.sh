#!/usr/bin/env bash
# Renders the README's pictures of the default (atlas) body into docs/, each with the command a
# reader can run to get it. Needs a build (BUILD_DIR, default build); uses the build's cached body.
#
#   scripts/render-figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
fascialab=${BUILD_DIR:-build}/src/app/fascialab
render() { # render OUT ARGS...
  local out=$1; shift
  "$fascialab" render "$@" --size 800x1000 --out "docs/$out"
}
render atlas-body-muscles-posterior.png --layers muscle,bone --view posterior
render atlas-body-muscles-anterior.png --layers muscle,bone --view anterior
render atlas-body-muscles-left.png --layers muscle,bone --view left
render atlas-body-deep-fascia-posterior.png --layers deep-fascia,muscle,bone --view posterior
render atlas-body-translucent-cut.png --opacity skin=0.3,superficial-fascia=0.3,deep-fascia=0.5 \
  --clip sagittal:0.05 --view left
render deep-fascia-fibre-lines-posterior.png --layers deep-fascia,muscle,bone --fibre-lines \
  --view posterior
# Simulate mode's hold on the example's upper-trapezius point, as the viewer draws it (a GL test
# that checks what it shows and writes the three panels).
FASCIALAB_FIGURE_DIR=docs "${BUILD_DIR:-build}/tests/fascialab_gl_tests" "Simulate mode's hold*" >/dev/null
