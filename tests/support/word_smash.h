/* Structure-aware word smashing of .tflite models (issue 10): one aligned
 * 32-bit word replaced by 0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF or the
 * file length, the word chosen mostly among the parts whose values reach
 * the runtime's arithmetic (operator options, tensor shapes, quantization
 * vectors, small integer constants such as paddings, permutations, axes
 * and slice bounds) rather than uniformly. Shared by test_model_smash and
 * the libFuzzer model target's custom mutator (fuzz_model.c). Host only. */
#ifndef TC_TESTS_WORD_SMASH_H
#define TC_TESTS_WORD_SMASH_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/runtime.h"

/* Where a hot word lies. */
enum {
  WS_OPTIONS = 0, /* an operator's builtin options table */
  WS_SHAPE,       /* a tensor's shape vector */
  WS_QUANT,       /* quantization table, scales, zero points */
  WS_CONST,       /* data of a small int32/int64 constant (pads, axes...) */
  WS_TABLE,       /* tensor/op/opcode tables, op in/out vectors, lengths */
  WS_NCAT
};

typedef struct ws_map {
  uint32_t *at[WS_NCAT]; /* byte offsets of aligned words, per category */
  size_t n[WS_NCAT], cap[WS_NCAT];
  size_t words; /* aligned words in the file */
} ws_map;

#define WS_NVALUES 6

/* Map the hot words of model (len bytes; copied internally to an aligned
 * buffer). 0 when the model loads; -1 when it does not (the map is then
 * empty and ws_pick chooses uniformly). ws_map_free releases it. */
int ws_map_build(ws_map *w, const uint8_t *model, size_t len);
void ws_map_free(ws_map *w);

/* A whole model file into malloc'd memory (aligned for tc_model_load);
 * NULL when unreadable. For the mutation harnesses. */
uint8_t *ws_read_file(const char *path, size_t *len);

/* A small deterministic generator (splitmix64). */
uint64_t ws_rand(uint64_t *state);

/* Byte offset of the word to smash: 3 in 4 from a hot category (options
 * 30%, shapes 25%, quantization 20%, constants 15%, tables 10%, empty
 * categories skipped), else any aligned word. len >= 4. */
size_t ws_pick(const ws_map *w, size_t len, uint64_t *rng);
/* Replacement value k (0 .. WS_NVALUES-1) for a file of len bytes. */
uint32_t ws_value(int k, size_t len);
/* One smash of data (len >= 4 bytes): returns the offset, *value gets the
 * value written, *cat the category (WS_NCAT: uniform choice). */
size_t ws_smash(uint8_t *data, size_t len, const ws_map *w, uint64_t *rng,
                uint32_t *value, int *cat);
const char *ws_cat_name(int cat);

/* Crude upper bound of an invoke's work: per op, output elements times its
 * largest input. Harnesses skip invoke beyond a bound so that a mutant
 * asking legitimately for billions of MACs does not pass for a hang. */
uint64_t ws_work_bound(tc_interp *it);

#endif
