# Sourced by the ports' build.sh: the runtime and kernels (src/runtime,
# src/kernels) as one static library for a target, compiled again only
# when a source or header is newer than it.
#   runtime_lib CC AR DIR FLAGS...     sets lib=DIR/libtinycnn.a
# DIR should name the flags (the caller keys it by them).
runtime_lib() {
  _cc=$1; _ar=$2; _dir=$3; shift 3
  lib=$_dir/libtinycnn.a
  if [ ! -f "$lib" ] || [ -n "$(find "$root/src" "$root/include" -newer "$lib" -name '*.[ch]' | head -1)" ]; then
    mkdir -p "$_dir"; rm -f "$_dir"/*.o "$lib"
    for _f in "$root"/src/runtime/*.c "$root"/src/kernels/*.c; do
      "$_cc" "$@" -I"$root/include" -c "$_f" -o "$_dir/$(basename "$_f" .c).o"
    done
    "$_ar" rcs "$lib" "$_dir"/*.o
  fi
}

# The op-selected kernel registry (flags from ports/rv32-qemu/ops.sh),
# compiled on its own: linked ahead of the library, it replaces the
# archive's registry.o.
#   ops_registry CC OPS OUT FLAGS...   sets registry=OUT.registry.o, or
#                                      empty when OPS is (every kernel)
ops_registry() {
  _cc=$1; _ops=$2; registry=""
  [ -n "$_ops" ] || return 0
  registry=$3.registry.o; shift 3
  # shellcheck disable=SC2086
  "$_cc" "$@" -DTC_NO_OP_NAMES $_ops -I"$root/include" \
    -c "$root/src/kernels/registry.c" -o "$registry"
}
