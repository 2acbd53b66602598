/* A model's input and output tensors without an interpreter: what an
 * upload check needs before any arena is spent on the model. */
#include "internal.h"

tc_status tc_model_io_tensor(const tc_model *m, int output, size_t i,
                             tc_tensor *t) {
  int32_t x;
  if (!m || !m->data || !t) return TC_ERR_ARG;
  if (i >= (output ? m->n_outputs : m->n_inputs)) return TC_ERR_ARG;
  x = tc_model_io(m, output, (uint32_t)i);
  if (x < 0 || tc_model_tensor(m, (uint32_t)x, t) != 0) return TC_ERR_MODEL;
  return TC_OK;
}
