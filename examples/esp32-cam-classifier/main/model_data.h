/* Placeholder model: brightness classifier (tests/gen_app_model.c,
 * regenerated and compared by the app_placeholder test). Replace
 * both files with `tinycnn export --c` output. */
#ifndef MODEL_DATA_H
#define MODEL_DATA_H

/* Measured on a 64-bit host: an upper bound for 32-bit targets;
 * the firmware measures the exact figure at boot. */
#define MODEL_ARENA_SIZE 10016
#define MODEL_INPUT_WIDTH 96
#define MODEL_INPUT_HEIGHT 96
#define MODEL_INPUT_CHANNELS 1
#define MODEL_LABEL_NEG "dark"
#define MODEL_LABEL_POS "bright"
#define MODEL_THRESHOLD 0.5f

extern const unsigned char model_data[];
extern const unsigned int model_data_len;

#endif
