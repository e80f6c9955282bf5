#!/bin/sh
# Install rtwbot from its wheel into a virtualenv: the one set of install steps, run by the
# Dockerfile and by CI (in a fresh venv), so what the image does is tested where no
# container engine runs.
#
#   deploy/install.sh PREFIX WHEEL [EXTRA]    e.g. deploy/install.sh /opt/rtwbot dist/rtwbot-*.whl postgres
set -eu
prefix=${1:?usage: install.sh PREFIX WHEEL [EXTRA]}
wheel=${2:?usage: install.sh PREFIX WHEEL [EXTRA]}
extra=${3:-postgres}
python3 -m venv "$prefix"
"$prefix/bin/pip" install --quiet --upgrade pip
"$prefix/bin/pip" install --quiet "rtwbot[$extra] @ file://$(cd "$(dirname "$wheel")" && pwd)/$(basename "$wheel")"
"$prefix/bin/rtwbot" --version
