/* tinycnn model metadata: the labels, decision threshold and preprocessing
 * a model was trained with, carried inside the .tflite itself so that the
 * CLI, the firmware and a model uploaded to a board all agree.
 *
 * Where: TFLite's own Model.metadata list (tensorflow/compiler/mlir/lite/
 * schema/schema.fbs: `table Metadata { name:string; buffer:uint; }`, the
 * Model table's field 6 `metadata:[Metadata]`), an entry named "tinycnn"
 * whose buffer holds the text below. TFLite, TFLM and other runtimes skip
 * entries whose names they do not know (TFLM reads only
 * "OfflineMemoryAllocation"), so the model stays a standard .tflite.
 *
 * What: short ASCII text, one `key=value` per line, first line the format:
 *   tinycnn-metadata 1
 *   labels=no_mask,mask         negative,positive (1..63 printable, no ',')
 *   threshold=0.437500          positive when score >= threshold
 *   input_range=0.000000,1.000000   real value of pixel 0 and of pixel 255
 *   crop=center                 or `stretch` (tc_image_opts.stretch)
 * Every key is optional; unknown keys are ignored (a later version may add
 * some), a known key with a bad value is an error.
 *
 *   tc_meta meta;  char msg[TC_MSG_LEN];
 *   if (tc_meta_read(&model, &meta, msg) != TC_OK) log(msg);
 *   // meta.label_neg / label_pos / threshold: the model's, or the defaults
 *
 * C99, no malloc, no stdio: the firmware reads it too. */
#ifndef TINYCNN_METADATA_H
#define TINYCNN_METADATA_H

#include <stddef.h>
#include <stdint.h>

#include "tinycnn/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TC_META_NAME "tinycnn"
#define TC_META_LABEL_LEN 64

/* Which fields the model stated (the others keep their defaults). */
enum {
  TC_META_HAS_LABELS = 1,
  TC_META_HAS_THRESHOLD = 2,
  TC_META_HAS_RANGE = 4,
  TC_META_HAS_CROP = 8
};

typedef struct tc_meta {
  char label_neg[TC_META_LABEL_LEN], label_pos[TC_META_LABEL_LEN];
  float threshold;          /* 0..1 */
  float range_lo, range_hi; /* real value of pixel 0 and of pixel 255 */
  int stretch;              /* 1: no centre crop */
  unsigned has;             /* TC_META_HAS_*; 0 = the model has none */
} tc_meta;

/* "negative", "positive", 0.5, range 0..1, centre crop, has = 0. */
void tc_meta_default(tc_meta *m);

/* The bytes of the model's metadata entry `name` (a model that passed
 * tc_model_load). TC_OK with *data = NULL, *len = 0 when there is none;
 * TC_ERR_MODEL when the metadata list or its buffer is malformed. */
tc_status tc_meta_find(const tc_model *m, const char *name,
                       const uint8_t **data, size_t *len);

/* Parse the text above into *out (defaults first). msg (TC_MSG_LEN, may be
 * NULL) says what is wrong: "metadata line 3: threshold '1.5' is not a
 * number in [0, 1]". */
tc_status tc_meta_parse(const uint8_t *text, size_t len, tc_meta *out,
                        char *msg);

/* tc_meta_find(TC_META_NAME) + tc_meta_parse; no entry gives the defaults
 * and TC_OK. */
tc_status tc_meta_read(const tc_model *m, tc_meta *out, char *msg);

/* The text for *m, fields in the order above (only those in m->has),
 * NUL-terminated; returns its length without the NUL, or 0 when cap is too
 * small or a label is not 1..63 printable characters without ',' or a value
 * is out of range. 256 bytes always suffice. */
size_t tc_meta_format(const tc_meta *m, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
