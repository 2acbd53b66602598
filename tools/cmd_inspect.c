/* tinycnn inspect MODEL [--json]: ops with shapes and quantization, MACs,
 * parameter bytes, the exact arena and whether it fits ESP32 targets. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/runtime/internal.h"
#include "cli.h"
#include "footprint_rv32.h"


/* What the model costs on the device: flash for the runtime (only the
 * model's kernels linked) and the model; RAM for the arena and the
 * runtime's static data. Measured on the rv32imc build (footprint_rv32.h)
 * and stated for all three chips: the Xtensa cores' code size differs
 * somewhat, the data and the arena do not. */
typedef struct {
  size_t runtime_flash, flash, ram, nops;
} footprint;

/* Where the arena goes (the activations share memory: in-place ops and
 * streamed producer/consumer pairs, see src/runtime/interp.c). */
static void arena_split(cli_model *cm) {
  size_t cap = (size_t)cm->m.n_tensors + cm->m.n_ops, nb = 0;
  tc_buf *bufs = malloc((cap ? cap : 1) * sizeof *bufs);
  tc_arena_stats st;
  if (bufs && tc_model_arena_stats(&cm->m, &st, bufs, cap, &nb, 0) == TC_OK)
    printf("arena split: tensor records %zu + op records %zu + persistent "
           "%zu + activations and scratch %zu\n", st.tensor_records,
           st.node_records, st.persist, st.activations);
  free(bufs);
}

static footprint measure(const cli_model *cm) {
  enum { NSEC = sizeof tc_fp_sec_bytes / sizeof tc_fp_sec_bytes[0] };
  unsigned char used[NSEC], op_seen[sizeof tc_fp_ops / sizeof tc_fp_ops[0]];
  footprint f;
  size_t i, k;
  uint32_t j;
  memset(used, 0, sizeof used);
  memset(op_seen, 0, sizeof op_seen);
  f.runtime_flash = TC_FP_CORE_FLASH;
  f.nops = 0;
  for (j = 0; j < cm->m.n_ops; j++) {
    tc_opinfo op;
    const char *name;
    if (tc_model_op(&cm->m, j, &op) != 0) continue;
    name = tc_op_name(op.code);
    for (i = 0; i < sizeof tc_fp_ops / sizeof tc_fp_ops[0]; i++) {
      if (op_seen[i] || strcmp(tc_fp_ops[i].op, name) != 0) continue;
      op_seen[i] = 1;
      f.nops++;
      for (k = 0; k < tc_fp_ops[i].n; k++)
        used[tc_fp_op_secs[tc_fp_ops[i].first + k]] = 1;
    }
  }
  for (i = 0; i < NSEC; i++)
    if (used[i]) f.runtime_flash += tc_fp_sec_bytes[i];
  f.flash = f.runtime_flash + cm->len;
  f.ram = cm->arena_size + TC_FP_STATIC_RAM;
  return f;
}

static void shape_str(const tc_tensor *t, char *buf, size_t n) {
  size_t used = 0;
  int i;
  used += (size_t)snprintf(buf + used, n - used, "[");
  for (i = 0; i < t->ndims && used < n; i++)
    used += (size_t)snprintf(buf + used, n - used, "%s%d", i ? "," : "",
                             (int)t->dims[i]);
  if (used < n) snprintf(buf + used, n - used, "]");
}

static void quant_str(const tc_tensor *t, char *buf, size_t n) {
  if (t->nscales == 0)
    snprintf(buf, n, "-");
  else if (t->nscales == 1)
    snprintf(buf, n, "s=%.6g zp=%d", t->scale, (int)t->zero_point);
  else
    snprintf(buf, n, "per-channel(%u, axis %u) s0=%.6g", t->nscales, t->qdim,
             t->scale);
}

static uint64_t op_macs(const tc_model *m, const tc_opinfo *op) {
  tc_tensor out, w;
  if (op->nout < 1 || op->nin < 2 || op->in[1] < 0) return 0;
  if (tc_model_tensor(m, (uint32_t)op->out[0], &out) != 0 ||
      tc_model_tensor(m, (uint32_t)op->in[1], &w) != 0)
    return 0;
  switch (op->code) {
    case TC_OP_CONV_2D:
      if (w.ndims != 4) return 0;
      return (uint64_t)tc_numel(&out) * w.dims[1] * w.dims[2] * w.dims[3];
    case TC_OP_DEPTHWISE_CONV_2D:
      if (w.ndims != 4) return 0;
      return (uint64_t)tc_numel(&out) * w.dims[1] * w.dims[2];
    case TC_OP_FULLY_CONNECTED:
      if (w.ndims != 2) return 0;
      return (uint64_t)tc_numel(&out) * w.dims[1];
    default:
      return 0;
  }
}

/* One tensor. io: a model input or output (inspect's "inputs" and
 * "outputs"), which also gets every per-channel scale ("scales") and null
 * scale and zero_point when it is not quantized, so that a script can read
 * the same keys from every entry. */
static cJSON *tensor_json(const tc_model *m, int32_t idx, int io) {
  cJSON *o = cJSON_CreateObject(), *dims;
  tc_tensor t;
  int i;
  cJSON_AddNumberToObject(o, "index", idx);
  if (idx < 0 || tc_model_tensor(m, (uint32_t)idx, &t) != 0) return o;
  cJSON_AddStringToObject(o, "name", cli_json_str(t.name));
  cJSON_AddStringToObject(o, "dtype", tc_type_name(t.type));
  dims = cJSON_AddArrayToObject(o, "shape");
  for (i = 0; i < t.ndims; i++)
    cJSON_AddItemToArray(dims, cJSON_CreateNumber(t.dims[i]));
  cJSON_AddBoolToObject(o, "constant", t.is_const);
  if (t.nscales) {
    cJSON_AddNumberToObject(o, "scale", t.scale);
    cJSON_AddNumberToObject(o, "zero_point", t.zero_point);
    if (t.nscales > 1) {
      cJSON_AddNumberToObject(o, "channels", t.nscales);
      cJSON_AddNumberToObject(o, "quantized_dimension", t.qdim);
      if (io) {
        cJSON *sc = cJSON_AddArrayToObject(o, "scales");
        for (i = 0; i < t.nscales; i++)
          cJSON_AddItemToArray(sc, cJSON_CreateNumber(t.scales[i]));
      }
    }
  } else if (io) {
    cJSON_AddNullToObject(o, "scale");
    cJSON_AddNullToObject(o, "zero_point");
  }
  return o;
}

int cmd_inspect(int argc, char **argv) {
  const char *path = NULL;
  int json = 0, a, rc;
  uint32_t i, j;
  uint64_t total_macs = 0, params = 0;
  cli_model cm;
  footprint fp;
  cJSON *root = NULL, *ops = NULL;
  for (a = 1; a < argc; a++) {
    if (strcmp(argv[a], "--json") == 0)
      json = 1;
    else if (argv[a][0] != '-' && !path)
      path = argv[a];
    else {
      fprintf(stderr, "usage: tinycnn inspect MODEL.tflite [--json]\n");
      return TC_EXIT_USAGE;
    }
  }
  if (!path) {
    fprintf(stderr, "usage: tinycnn inspect MODEL.tflite [--json]\n");
    return TC_EXIT_USAGE;
  }
  rc = cli_model_open(&cm, path, 0);
  if (rc) return rc;
  for (i = 0; i < cm.m.n_tensors; i++) {
    tc_tensor t;
    if (tc_model_tensor(&cm.m, i, &t) == 0 && t.is_const) params += t.bytes;
  }
  if (json) {
    cJSON *io[2];
    root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "model", cli_json_str(path));
    cJSON_AddNumberToObject(root, "model_bytes", (double)cm.len);
    io[0] = cJSON_AddArrayToObject(root, "inputs");
    io[1] = cJSON_AddArrayToObject(root, "outputs");
    for (j = 0; j < 2; j++)
      for (i = 0; i < (j ? cm.m.n_outputs : cm.m.n_inputs); i++)
        cJSON_AddItemToArray(
            io[j], tensor_json(&cm.m, tc_model_io(&cm.m, (int)j, i), 1));
    ops = cJSON_AddArrayToObject(root, "ops");
  } else {
    printf("model %s: %zu bytes, %u tensors, %u ops\n", cli_esc(path),
           cm.len, cm.m.n_tensors, cm.m.n_ops);
  }
  for (i = 0; i < cm.m.n_ops; i++) {
    tc_opinfo op;
    uint64_t macs;
    if (tc_model_op(&cm.m, i, &op) != 0) continue;
    macs = op_macs(&cm.m, &op);
    total_macs += macs;
    if (json) {
      cJSON *o = cJSON_CreateObject(), *ins, *outs;
      cJSON_AddNumberToObject(o, "index", i);
      cJSON_AddStringToObject(o, "op", tc_op_name(op.code));
      cJSON_AddNumberToObject(o, "macs", (double)macs);
      ins = cJSON_AddArrayToObject(o, "inputs");
      outs = cJSON_AddArrayToObject(o, "outputs");
      for (j = 0; j < op.nin; j++)
        cJSON_AddItemToArray(ins, tensor_json(&cm.m, op.in[j], 0));
      for (j = 0; j < op.nout; j++)
        cJSON_AddItemToArray(outs, tensor_json(&cm.m, op.out[j], 0));
      cJSON_AddItemToArray(ops, o);
      continue;
    }
    printf("%3u %-18s macs %10llu\n", i, tc_op_name(op.code),
           (unsigned long long)macs);
    for (j = 0; j < op.nin + op.nout; j++) {
      int32_t x = j < op.nin ? op.in[j] : op.out[j - op.nin];
      tc_tensor t;
      char sh[96], q[96];
      if (x < 0) {
        printf("      %s %u: (none)\n", j < op.nin ? "in " : "out",
               j < op.nin ? j : j - op.nin);
        continue;
      }
      tc_model_tensor(&cm.m, (uint32_t)x, &t);
      shape_str(&t, sh, sizeof sh);
      quant_str(&t, q, sizeof q);
      printf("      %s %u: t%-4d %-7s %-18s %-34s %s%s\n",
             j < op.nin ? "in " : "out", j < op.nin ? j : j - op.nin, (int)x,
             tc_type_name(t.type), sh, q, t.is_const ? "const " : "",
             cli_esc(t.name));
    }
  }
  fp = measure(&cm);
  if (json) {
    cJSON *fits = cJSON_AddArrayToObject(root, "fits");
    cJSON *foot = cJSON_AddObjectToObject(root, "footprint");
    char *s;
    cJSON_AddNumberToObject(root, "macs", (double)total_macs);
    cJSON_AddNumberToObject(root, "parameter_bytes", (double)params);
    cJSON_AddNumberToObject(root, "arena_bytes", (double)cm.arena_size);
    cJSON_AddStringToObject(foot, "measured_on", "rv32imc -Os (make bench-rv32)");
    cJSON_AddNumberToObject(foot, "runtime_flash", (double)fp.runtime_flash);
    cJSON_AddNumberToObject(foot, "model_flash", (double)cm.len);
    cJSON_AddNumberToObject(foot, "flash_bytes", (double)fp.flash);
    cJSON_AddNumberToObject(foot, "arena_bytes", (double)cm.arena_size);
    cJSON_AddNumberToObject(foot, "runtime_static_ram", TC_FP_STATIC_RAM);
    cJSON_AddNumberToObject(foot, "ram_bytes", (double)fp.ram);
    cJSON_AddNumberToObject(foot, "stack_bytes", TC_FP_STACK);
    cJSON_AddNumberToObject(foot, "arena_size_stack_bytes",
                            TC_FP_ARENA_SIZE_STACK);
    for (i = 0; i < CLI_NCHIPS; i++) {
      cJSON *f = cJSON_CreateObject();
      cJSON_AddStringToObject(f, "target", cli_chips[i].name);
      cJSON_AddNumberToObject(f, "sram_budget", (double)cli_chips[i].sram);
      cJSON_AddNumberToObject(f, "flash_budget",
                              (double)(cli_chips[i].flash - CLI_APP_FLASH_RESERVE));
      cJSON_AddNumberToObject(f, "ram_bytes", (double)fp.ram);
      cJSON_AddNumberToObject(f, "flash_bytes", (double)fp.flash);
      cJSON_AddBoolToObject(f, "fits_internal", fp.ram <= cli_chips[i].sram);
      cJSON_AddBoolToObject(f, "fits_with_psram",
                            cli_chips[i].psram && fp.ram <= cli_chips[i].psram);
      cJSON_AddBoolToObject(f, "fits_flash",
                            fp.flash <= cli_chips[i].flash - CLI_APP_FLASH_RESERVE);
      cJSON_AddItemToArray(fits, f);
    }
    s = cJSON_Print(root);
    puts(s);
    free(s);
    cJSON_Delete(root);
  } else {
    printf("total MACs: %llu\n", (unsigned long long)total_macs);
    printf("parameter bytes: %llu\n", (unsigned long long)params);
    printf("arena: %zu bytes (exact)\n", cm.arena_size);
    arena_split(&cm);
    printf("flash: %zu bytes = runtime %zu (%zu kernels) + model %zu\n",
           fp.flash, fp.runtime_flash, fp.nops, cm.len);
    printf("RAM: %zu bytes = arena %zu + runtime static %u; task stack "
           "%u bytes (load, init, invoke; tc_model_arena_size alone %u)\n",
           fp.ram, cm.arena_size, TC_FP_STATIC_RAM, TC_FP_STACK,
           TC_FP_ARENA_SIZE_STACK);
    printf("(runtime: link maps of the rv32imc -Os build, make bench-rv32; "
           "code shared by several kernels counts once per kernel: an upper bound)\n");
    for (i = 0; i < CLI_NCHIPS; i++) {
      size_t budget = cli_chips[i].flash - CLI_APP_FLASH_RESERVE;
      int in_sram = fp.ram <= cli_chips[i].sram;
      int flash = fp.flash <= budget;
      printf("fits %-9s internal SRAM (%.1f of %zu KB): %s; with PSRAM: %s; "
             "flash (%.1f of %zu KB): %s\n", cli_chips[i].name, fp.ram / 1024.0,
             cli_chips[i].sram / 1024, in_sram && flash ? "yes" : "no",
             !cli_chips[i].psram ? "n/a (no PSRAM)"
             : (fp.ram <= cli_chips[i].psram && flash) ? "yes" : "no",
             fp.flash / 1024.0, budget / 1024, flash ? "yes" : "no");
    }
  }
  cli_model_close(&cm);
  return TC_EXIT_OK;
}
