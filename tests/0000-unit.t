#!/bin/sh
# The unit tests of lib/ (tests/unit/*.c), as TAP.
exec "${QK_BUILD:-$(dirname "$0")/../build}/tests/unit-tests"
