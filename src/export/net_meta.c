/* See net_meta.h. */
#include "net_meta.h"

#include <string.h>

#include "tinycnn/metadata.h"
#include "../train/host_util.h"

int tc_net_metadata(const tc_net *net, tc_graph *g, char *err, size_t errlen) {
  tc_meta m;
  char text[256];
  size_t n;
  tc_meta_default(&m);
  m.has = TC_META_HAS_THRESHOLD | TC_META_HAS_RANGE | TC_META_HAS_CROP;
  m.threshold = net->threshold;
  /* The real values of pixels 0 and 255 the int8 input stands for. */
  tc_net_input_q(net, NULL, NULL, &m.range_lo, &m.range_hi);
  if (strlen(net->class_name[0]) < sizeof m.label_neg &&
      strlen(net->class_name[1]) < sizeof m.label_pos) {
    strcpy(m.label_neg, net->class_name[0]);
    strcpy(m.label_pos, net->class_name[1]);
    m.has |= TC_META_HAS_LABELS;
    if (tc_meta_format(&m, text, sizeof text) == 0) m.has &= ~(unsigned)TC_META_HAS_LABELS;
  }
  n = tc_meta_format(&m, text, sizeof text);
  if (n == 0) {
    tc_seterr(err, errlen, "export: threshold %g cannot be stored in the "
              "model's metadata (expected [0, 1])", (double)net->threshold);
    return -1;
  }
  if (tc_graph_metadata(g, TC_META_NAME, text, n) != 0) {
    tc_seterr(err, errlen, "export: %s", tc_graph_error(g));
    return -1;
  }
  return 0;
}
