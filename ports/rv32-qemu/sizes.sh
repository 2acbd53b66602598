#!/bin/sh
# Split a linked runner's bytes by kind and by owner, from its link map
# (build.sh writes OUT.elf.map). picolibc.ld puts .rodata inside the .text
# output section, so `size` alone cannot split them: the input sections
# the linker kept are classified by name instead. Also reads the Xtensa
# runner's maps (ports/xtensa-qemu), whose code comes with .literal
# sections (L32R's constants, counted as text).
#   sizes.sh [--sections] OUT.elf.map
# prints three lines, "OWNER text=N rodata=N data=N bss=N", for
#   elf      everything kept (runner, libc, runtime, model; no padding)
#   runtime  libtinycnn.a members and the op-selected registry object,
#            plus libgcc's register save/restore routines (build.sh -Os)
#   model    the .tflite linked into flash (model.S)
# --sections lists the runtime's sections instead, "KIND NAME@OBJECT SIZE".
# Mergeable string/constant sections are listed at one address with their
# pre-merge sizes; such a group counts as the bytes up to the next
# address, for the member that listed the most.
set -eu
list=0
if [ "$1" = --sections ]; then list=1; shift; fi
awk -v list=$list '
function hex(s,   i, v) {
  v = 0; s = tolower(substr(s, 3))
  for (i = 1; i <= length(s); i++)
    v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
  return v
}
function flush(next_addr,   size, kind, obj) {
  if (g_sec == "") return
  size = g_size
  if (next_addr > g_addr && next_addr - g_addr < size) size = next_addr - g_addr
  if (g_sec ~ /^\.(text|literal|init|fini)/) kind = "text"
  else if (g_sec ~ /^\.(s?rodata|eh_frame|init_array|fini_array)/) kind = "rodata"
  else if (g_sec ~ /^\.(s?data|tdata)/) kind = "data"
  else if (g_sec ~ /^\.(s?bss|tbss)/ || g_sec == "COMMON") kind = "bss"
  g_sec = ""
  if (kind == "") return
  elf[kind] += size
  if (g_name == ".rodata.tc_model") model[kind] += size
  else if (g_file ~ /libtinycnn\.a\(/ || g_file ~ /\.registry\.o$/ ||
           g_file ~ /libgcc\.a\(save-restore\.o\)$/) {
    rt[kind] += size
    if (list) {
      obj = g_file
      if (obj ~ /\.registry\.o$/) obj = "registry.o"
      else { sub(/.*\(/, "", obj); sub(/\)$/, "", obj) }
      if (obj == "save-restore.o") obj = "libgcc-save-restore.o"
      print kind, g_name "@" obj, size
    }
  }
}
function item(sec, addr, size, file) {
  addr = hex(addr); size = hex(size)
  if (g_sec != "" && addr == g_addr) {
    if (size > g_size) { g_size = size; g_name = sec; g_file = file }
    return
  }
  flush(addr)
  if (size == 0) return
  g_sec = sec; g_name = sec; g_addr = addr; g_size = size; g_file = file
}
function line(name, a) {
  printf "%s text=%d rodata=%d data=%d bss=%d\n", name, a["text"], a["rodata"], a["data"], a["bss"]
}
/^Linker script and memory map/ { go = 1; next }
!go { next }
/^[^ ]/ { flush(-1); pending = ""; next }
/^ \*fill\*/ { flush(hex($2)); pending = ""; next }
/^ \*/ { pending = ""; next }
/^ [.A-Z]/ {
  if (NF >= 4 && $2 ~ /^0x/ && $3 ~ /^0x/) item($1, $2, $3, $4)
  else if (NF == 1) pending = $1
  else pending = ""
  next
}
pending != "" && NF == 3 && $1 ~ /^0x/ && $2 ~ /^0x/ { item(pending, $1, $2, $3) }
{ pending = "" }
END {
  flush(-1)
  split("text rodata data bss", ks, " ")
  for (k in ks) { elf[ks[k]] += 0; rt[ks[k]] += 0; model[ks[k]] += 0 }
  if (!list) { line("elf", elf); line("runtime", rt); line("model", model) }
}' "$1"
