#!/usr/bin/env bash
# The whole test suite: builds the solution (including the nanoFramework-mscorlib build of the
# device code) and runs every test. Services the tests need are started by the tests themselves.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build EdgeNano.sln -c Release
dotnet test EdgeNano.sln -c Release --no-build --logger "console;verbosity=normal"
