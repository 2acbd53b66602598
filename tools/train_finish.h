/* The end of `tinycnn train` (tools/train_finish.c): post-training
 * calibration, export of every variant, evaluation through the runtime,
 * C array and report. */
#ifndef TC_TOOLS_TRAIN_FINISH_H
#define TC_TOOLS_TRAIN_FINISH_H

#include <signal.h>

#include "tinycnn/train_engine.h"

/* --ptq: activation ranges of the float network from the calibration
 * images (cfg.calib_dir, or cfg.calib_n images of tr), then a checkpoint
 * so that `tinycnn export RUN` reproduces the same int8 model. 0 or an
 * exit code. */
int tc_cli_calibrate_run(tc_trainer *t, const tc_dataset *tr, const char *run);

/* RUN/model.tflite (int8), model_float.tflite, model_hybrid.tflite, all
 * run through the runtime on the validation set; the threshold chosen
 * there; model_data.c/.h; report.html; the checkpoint again (with the
 * threshold). 0 or an exit code. */
int tc_cli_export_run(const tc_trainer *t, const tc_dataset *va,
                      const char *run);

/* The same with an HTML section added to report.html (NULL: none). */
int tc_cli_export_run_html(const tc_trainer *t, const tc_dataset *va,
                           const char *run, const char *extra_html);

/* The training and validation images a configuration names (cmd_train.c);
 * 0 or an exit code (message printed). */
int tc_cli_load_data(const tc_train_cfg *c, tc_dataset *tr, tc_dataset *va);

/* tinycnn train --prune R (cmd_prune.c): prunes the trained trainer *tp
 * into run/ (state in run/prune/) and exports it. Also `train --resume`
 * of such a run. 0, 130 (interrupted) or an exit code. */
int tc_cli_train_prune(tc_trainer **tp, const tc_dataset *tr,
                       const tc_dataset *va, const char *run,
                       volatile sig_atomic_t *stop);

#endif
