#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image
# (Ubuntu base image; the zip is unpacked in /autograder/source).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# pandoc and gnuplot too: make's dependency check (tools/deps.sh --ensure)
# asks for them, and there may be no network when a submission is graded.
apt-get install -y -qq --no-install-recommends build-essential pkg-config libcriterion-dev zlib1g-dev \
    python3 make pandoc gnuplot-nox
# The sandbox is optional: the grader degrades to rlimits without it.
apt-get install -y -qq --no-install-recommends bubblewrap || true
cd /autograder/source
make -s lib
