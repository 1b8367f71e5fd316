/* The interpreter: runs the active blob's layer table over the static activation arena. */
#ifndef SPARSE_ENGINE_ENGINE_H
#define SPARSE_ENGINE_ENGINE_H
#include <stdint.h>
#include "blob.h"

typedef struct {
    uint64_t units;          /* whole inference, in board_timer_unit() */
    const int8_t *output;
    uint32_t output_length;
} engine_result_t;

typedef struct {
    uint8_t op;
    uint8_t sparse;
    uint32_t units;
} engine_layer_profile_t;

/* Parses the blob and makes it the model to run (NULL or invalid: no model). Returns a blob_status_t. */
int engine_load(const uint8_t *blob, uint32_t length);
/* The loaded model, or NULL. */
const blob_model_t *engine_model(void);
/* Runs one inference; returns 0 or an error_code (protocol.h) with its detail. */
int engine_infer(const uint8_t *input, uint32_t length, engine_result_t *result, uint32_t *detail);
/* Per-layer costs of the last inference. */
uint16_t engine_profile_count(void);
engine_layer_profile_t engine_profile_layer(uint16_t index);

#endif
