# Sourced by the Xtensa port's scripts: the compiler, its flags and the
# link of a program with the port (start-up, simcall I/O, runtime
# routines). Needs $root (the repository) set.
#   xt_cc                 the compiler
#   xt_flags OPT          flags for device code at OPT (-O2, -Os)
#   xt_link OUT FLAGS -- SOURCES_AND_LIBS...   link OUT (map in OUT.map)
xt_here=$root/ports/xtensa-qemu
xt_cc=xtensa-lx106-elf-gcc
xt_specs=/usr/lib/xtensa-lx106-elf/picolibc.specs
# -mlongcalls as ESP-IDF builds Xtensa code (the linker turns calls in
# range back into CALL0).
xt_flags() {
  echo "$1 -mlongcalls -ffunction-sections -fdata-sections --specs=$xt_specs -std=c99 -Wall -Wextra -Werror -pedantic -ffp-contract=off"
}
xt_link() {
  _out=$1; shift
  _f=""
  while [ "$1" != -- ]; do _f="$_f $1"; shift; done
  shift
  # Integer-only printf: no double formatting linked.
  # shellcheck disable=SC2086
  $xt_cc $_f -I"$root/include" -I"$xt_here" -nostartfiles -T "$xt_here/link.ld" \
    -DPICOLIBC_INTEGER_PRINTF_SCANF -Wl,--gc-sections -Wl,-Map="$_out.map" \
    "$xt_here/startup.S" "$xt_here/port.c" "$xt_here/simcall.c" \
    "$xt_here/rt_int.c" "$xt_here/rt_float.c" "$@" -lm -o "$_out"
}
