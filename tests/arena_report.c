/* tc_arena_report MODEL...: where each model's arena goes — tensor and
 * node records, persistent per-op data, per-op scratch and the activation
 * plan's peak with the buffers live there. A development aid for the
 * arena work (issue 5); the totals equal tc_model_arena_size. */
#include <stdio.h>
#include <stdlib.h>

#include "../src/runtime/internal.h"

static unsigned char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  unsigned char *b = 0;
  long n;
  if (!f) return 0;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
      fseek(f, 0, SEEK_SET) == 0 && (b = malloc((size_t)n)) != 0 &&
      fread(b, 1, (size_t)n, f) != (size_t)n) {
    free(b);
    b = 0;
  }
  if (b) *len = (size_t)n;
  fclose(f);
  return b;
}

static uint32_t bufs_off(const tc_buf *b, size_t n, uint32_t id) {
  size_t i;
  for (i = 0; i < n; i++)
    if (!b[i].scratch && b[i].id == id) return b[i].off;
  return 0xffffffffu;
}

static int report(const char *path) {
  size_t len = 0, nb = 0, i, j, need = 0;
  unsigned char *data = slurp(path, &len);
  tc_model m;
  tc_arena_stats st;
  tc_buf *bufs;
  uint32_t *pers, step, peak_step = 0, op;
  uint64_t peak = 0, scratch_sum = 0, persist_conv = 0;
  if (!data) { fprintf(stderr, "%s: cannot read\n", path); return 1; }
  if (tc_model_load(&m, data, len) != TC_OK) {
    fprintf(stderr, "%s: %s\n", path, m.msg);
    return 1;
  }
  bufs = calloc(m.n_tensors + m.n_ops + 1, sizeof *bufs);
  pers = calloc(m.n_ops + 1, sizeof *pers);
  if (tc_model_arena_stats(&m, &st, bufs, m.n_tensors + m.n_ops, &nb, pers) !=
          TC_OK ||
      tc_model_arena_size(&m, &need) != TC_OK) {
    fprintf(stderr, "%s: %s\n", path, m.msg);
    return 1;
  }
  printf("%s: arena %zu (tc_model_arena_size %zu)\n", path, st.total, need);
  printf("  tensor records %zu (%u x %zu)\n", st.tensor_records,
         (unsigned)m.n_tensors, sizeof(tc_tensor));
  printf("  node records   %zu (%u x %zu)\n", st.node_records,
         (unsigned)m.n_ops, sizeof(tc_node));
  printf("  persistent     %zu\n", st.persist);
  printf("  activations    %zu (plan incl. scratch)\n", st.activations);
  for (op = 0; op < m.n_ops; op++) {
    int32_t code = tc_model_op_code(&m, op, 0);
    uint32_t sc = 0;
    for (i = 0; i < nb; i++)
      if (bufs[i].scratch && bufs[i].id == op) sc = bufs[i].size;
    scratch_sum += sc;
    if (code == TC_OP_CONV_2D || code == TC_OP_DEPTHWISE_CONV_2D)
      persist_conv += pers[op];
    printf("    op %2u %-18s persist %6u scratch %6u\n", (unsigned)op,
           tc_op_name(code), (unsigned)pers[op], (unsigned)sc);
  }
  printf("  persistent of CONV/DEPTHWISE %llu, scratch of all ops %llu\n",
         (unsigned long long)persist_conv, (unsigned long long)scratch_sum);
  for (step = 0; step <= m.n_ops; step++) {
    uint64_t top = 0;
    for (i = 0; i < nb; i++)
      if (bufs[i].first <= step && step <= bufs[i].last &&
          (uint64_t)bufs[i].off + bufs[i].size > top)
        top = (uint64_t)bufs[i].off + bufs[i].size;
    if (top > peak) { peak = top; peak_step = step; }
    if (getenv("TC_REPORT_STEPS")) {
      printf("    step %u: top %llu:", (unsigned)step,
             (unsigned long long)top);
      for (i = 0; i < nb; i++)
        if (bufs[i].first <= step && step <= bufs[i].last)
          printf(" %s%u@%u+%u", bufs[i].scratch ? "s" : "t",
                 (unsigned)bufs[i].id, (unsigned)bufs[i].off,
                 (unsigned)bufs[i].size);
      printf("\n");
    }
  }
  printf("  activation high-water %llu at op %u; live there:\n",
         (unsigned long long)peak, (unsigned)peak_step);
  for (j = 0; j < nb; j++)
    if (bufs[j].first <= peak_step && peak_step <= bufs[j].last)
      printf("    %s %u: off %u size %u life %u..%u%s\n",
             bufs[j].scratch ? "scratch of op" : "tensor", (unsigned)bufs[j].id,
             (unsigned)bufs[j].off, (unsigned)bufs[j].size,
             (unsigned)bufs[j].first, (unsigned)bufs[j].last,
             bufs[j].inplace ? " (in place)" : "");
  for (j = 0; j < nb; j++)
    if (bufs[j].inplace)
      printf("  in place: tensor %u over tensor %u, lead %d, offsets %u/%u\n",
             (unsigned)bufs[j].id, (unsigned)bufs[j].partner,
             (int)bufs[j].lead, (unsigned)bufs[j].off,
             (unsigned)bufs_off(bufs, nb, bufs[j].partner));
  free(bufs);
  free(pers);
  free(data);
  return 0;
}

int main(int argc, char **argv) {
  int i, rc = 0;
  for (i = 1; i < argc; i++) rc |= report(argv[i]);
  return rc;
}
