/*
 * SparseEngine kernels: int8 operators of INTEGER_SEMANTICS.md, one file per family.
 * Every kernel is bit-exact with the Java reference interpreter on both build paths:
 * the Cortex-M DSP path (__ARM_FEATURE_DSP: SXTB16 + SMLAD) and the portable C path the host
 * tests run. Shapes and parameters were validated by blob.c before any kernel runs.
 */
#ifndef SPARSE_ENGINE_KERNELS_H
#define SPARSE_ENGINE_KERNELS_H
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int8_t *data;
    uint16_t h, w, c;
    int32_t zero_point;
} tensor_t;

typedef struct {
    int8_t min, max;
} act_t;

/* Weight rows (R rows of L int8) with per-row bias / requantisation, dense or block run-length sparse. */
typedef struct {
    uint32_t rows;
    uint32_t length;
    const int8_t *dense;      /* rows*length values, or NULL when sparse */
    const uint16_t *counts;   /* sparse: kept blocks per row */
    const uint8_t *skips;     /* sparse: zero blocks before each kept block */
    const int8_t *values;     /* sparse: block values, block after block */
    uint32_t block;           /* sparse: weights per block (1, 4, 8, 16) */
    const int32_t *bias, *mult, *shift;
} weights_t;

typedef struct {
    uint8_t kernel_h, kernel_w, stride_h, stride_w, pad_top, pad_left;
} window_t;

/* Scratch shared by the kernels for column buffers; its size counts in the firmware's static SRAM. */
#define KERNEL_SCRATCH_BYTES (16u * 1024u)

void conv2d(const tensor_t *in, tensor_t *out, const weights_t *wt, const window_t *win, act_t act);
void depthwise_conv2d(const tensor_t *in, tensor_t *out, const weights_t *wt, const window_t *win, act_t act);
void fully_connected(const tensor_t *in, tensor_t *out, const weights_t *wt, act_t act);
void add_s8(const tensor_t *a, const tensor_t *b, tensor_t *out, const int32_t mult[3], const int32_t shift[3], act_t act);
void avg_pool2d(const tensor_t *in, tensor_t *out, const window_t *win, int32_t mult, int32_t shift, act_t act);
void layer_norm(const tensor_t *in, tensor_t *out, const int32_t *gamma, const int32_t *beta, int32_t mult,
                int32_t shift, act_t act);
void attn_scores(const tensor_t *q, const tensor_t *k, tensor_t *out, uint32_t heads, int32_t mult, int32_t shift,
                 act_t act);
void softmax_s8(const tensor_t *in, tensor_t *out, const uint16_t *exp_table);
void attn_context(const tensor_t *p, const tensor_t *v, tensor_t *out, uint32_t heads, int32_t mult, int32_t shift,
                  act_t act);
void lookup_s8(const tensor_t *in, tensor_t *out, const int8_t *table);

#endif
