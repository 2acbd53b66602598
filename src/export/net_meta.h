/* The metadata a trained network carries into its .tflite (net_meta.c). */
#ifndef TC_EXPORT_NET_META_H
#define TC_EXPORT_NET_META_H

#include <stddef.h>

#include "tinycnn/export.h"
#include "tinycnn/train.h"

/* Add the "tinycnn" Model.metadata entry (tinycnn/metadata.h) for `net`:
 * its class names, threshold, and the trainer's preprocessing (pixels
 * 0..255 as 0..1, centre crop: tc_image_to_tensor's defaults, which
 * tc_dataset_* use). A class name that cannot be a label (a ',', more
 * than 63 characters) leaves the labels out. 0, or -1 with err. */
int tc_net_metadata(const tc_net *net, tc_graph *g, char *err, size_t errlen);

#endif
