/* tinycnn inspect MODEL [--json]: ops with shapes and quantization, MACs,
 * parameter bytes, the exact arena and whether it fits ESP32 targets. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/runtime/internal.h"
#include "cli.h"

/* Internal SRAM a model may use for its arena (what is left for the app
 * after ESP-IDF, Wi-Fi-less, with the camera driver's frame buffer in
 * PSRAM or small), and PSRAM commonly fitted. Budgets, not datasheet
 * totals: ESP32 520 KB SRAM of which ~320 KB is DRAM; ESP32-S3 512 KB;
 * ESP32-C3 400 KB, no PSRAM interface. */
static const struct {
  const char *name;
  size_t sram, psram, flash;
} targets[] = {
    {"ESP32", 320 * 1024, 4 * 1024 * 1024, 4 * 1024 * 1024},
    {"ESP32-S3", 400 * 1024, 8 * 1024 * 1024, 8 * 1024 * 1024},
    {"ESP32-C3", 320 * 1024, 0, 4 * 1024 * 1024},
};
/* Flash left for a model in a default 4 MB layout after a ~1 MB app and
 * partitions; the model sits in the app image or its own partition. */
#define APP_FLASH_RESERVE (1024 * 1024)

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

static cJSON *tensor_json(const tc_model *m, int32_t idx) {
  cJSON *o = cJSON_CreateObject(), *dims;
  tc_tensor t;
  int i;
  cJSON_AddNumberToObject(o, "index", idx);
  if (idx < 0 || tc_model_tensor(m, (uint32_t)idx, &t) != 0) return o;
  cJSON_AddStringToObject(o, "name", t.name);
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
    }
  }
  return o;
}

int cmd_inspect(int argc, char **argv) {
  const char *path = NULL;
  int json = 0, a, rc;
  uint32_t i, j;
  uint64_t total_macs = 0, params = 0;
  cli_model cm;
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
    root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "model", path);
    cJSON_AddNumberToObject(root, "model_bytes", (double)cm.len);
    ops = cJSON_AddArrayToObject(root, "ops");
  } else {
    printf("model %s: %zu bytes, %u tensors, %u ops\n", path, cm.len,
           cm.m.n_tensors, cm.m.n_ops);
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
        cJSON_AddItemToArray(ins, tensor_json(&cm.m, op.in[j]));
      for (j = 0; j < op.nout; j++)
        cJSON_AddItemToArray(outs, tensor_json(&cm.m, op.out[j]));
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
             t.name);
    }
  }
  if (json) {
    cJSON *fits = cJSON_AddArrayToObject(root, "fits");
    char *s;
    cJSON_AddNumberToObject(root, "macs", (double)total_macs);
    cJSON_AddNumberToObject(root, "parameter_bytes", (double)params);
    cJSON_AddNumberToObject(root, "arena_bytes", (double)cm.arena_size);
    for (i = 0; i < sizeof targets / sizeof targets[0]; i++) {
      cJSON *f = cJSON_CreateObject();
      cJSON_AddStringToObject(f, "target", targets[i].name);
      cJSON_AddNumberToObject(f, "sram_budget", (double)targets[i].sram);
      cJSON_AddBoolToObject(f, "fits_internal", cm.arena_size <= targets[i].sram);
      cJSON_AddBoolToObject(f, "fits_with_psram",
                            targets[i].psram && cm.arena_size <= targets[i].psram);
      cJSON_AddBoolToObject(f, "fits_flash",
                            cm.len <= targets[i].flash - APP_FLASH_RESERVE);
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
    for (i = 0; i < sizeof targets / sizeof targets[0]; i++) {
      int in_sram = cm.arena_size <= targets[i].sram;
      int flash = cm.len <= targets[i].flash - APP_FLASH_RESERVE;
      printf("fits %-9s internal SRAM (%zu KB budget): %s; with PSRAM: %s; "
             "flash: %s\n", targets[i].name, targets[i].sram / 1024,
             in_sram && flash ? "yes" : "no",
             !targets[i].psram ? "n/a (no PSRAM)"
             : (cm.arena_size <= targets[i].psram && flash) ? "yes" : "no",
             flash ? "yes" : "no");
    }
  }
  cli_model_close(&cm);
  return TC_EXIT_OK;
}
