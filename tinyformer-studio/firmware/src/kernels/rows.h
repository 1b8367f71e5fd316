/*
 * The multiply-accumulate core shared by convolution, fully connected and attention: an int8 weight
 * row (dense, or the kept blocks of a sparse row) times an int16 column of (x - zero_point) values.
 *
 * Columns use a "reordered" layout: in each group of four the middle two elements are swapped
 * (stored order 0,2,1,3). A word of four int8 weights then multiplies with two SMLADs after one
 * SXTB16 (bytes 0,2) and one SXTB16 with ROR 8 (bytes 1,3), without repacking - the CMSIS-NN
 * reordering trick moved to the column side, which is built once per pixel and reused by every row.
 * The portable path reads the same layout, so both give identical sums (integer sums do not
 * depend on order: INTEGER_SEMANTICS.md §2 rules out overflow).
 */
#ifndef SPARSE_ENGINE_ROWS_H
#define SPARSE_ENGINE_ROWS_H
#include <stdint.h>
#include "kernels.h"
#include "requant.h"

/* Column buffers of all kernels (one kernel runs at a time). */
extern int16_t kernel_scratch[KERNEL_SCRATCH_BYTES / 2u];
#define KERNEL_COLUMN_MAX (KERNEL_SCRATCH_BYTES / 2u)

#if defined(__ARM_FEATURE_DSP)
/* SXTB16 with its ROR #8 operand: bytes 1 and 3 sign-extended in one instruction. */
static inline uint32_t sxtb16_ror8(uint32_t x)
{
    uint32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
}
#endif

/* Four bytes at any address: one LDR (STR) on Cortex-M7, which allows unaligned word accesses. */
static inline uint32_t load_word(const void *p)
{
    uint32_t v;
    __builtin_memcpy(&v, p, 4);
    return v;
}

static inline void store_word(void *p, uint32_t v)
{
    __builtin_memcpy(p, &v, 4);
}

/* int16 elements from one group of four to the next: in a lone column (rows_apply) and in a tile,
 * where four columns interleave group by group (see tiles_t). */
#define COLUMN_GROUP_STRIDE 4u
#define TILE_GROUP_STRIDE 16u

/* Where element i of a column lies, its groups group_stride elements apart. */
static inline uint32_t column_index(uint32_t i, uint32_t group_stride)
{
    return (i >> 2) * group_stride + ((i & 1u) << 1) + ((i & 2u) >> 1);
}

static inline uint32_t column_position(uint32_t i)
{
    return column_index(i, COLUMN_GROUP_STRIDE);
}

/* col[start + j] = x[j] - zero_point for j < n (in the reordered layout, groups group_stride apart: COLUMN_GROUP_STRIDE
 * or TILE_GROUP_STRIDE). */
void column_put(int16_t *col, uint32_t group_stride, uint32_t start, const int8_t *x, uint32_t n, int32_t zero_point);
/* col[start + j] = 0 for j < n: padding, the real value 0. */
void column_zero(int16_t *col, uint32_t group_stride, uint32_t start, uint32_t n);

/* sum_i w[i] * col[i] for i < n. */
int32_t dot_dense(const int8_t *w, const int16_t *col, uint32_t n);

/* A view of weights as the blob stores them (BLOB_FORMAT.md §7): block 0 = dense rows, else block
 * run-length rows; bias / mult / shift are the per-row parameter arrays. */
weights_t weights_view(const uint8_t *bytes, uint32_t rows, uint32_t length, uint32_t block, const int32_t *bias,
                       const int32_t *mult, const int32_t *shift);

/* All R rows of wt times one column: out[r] = requant(bias[r] + row_r . col), the output stage of
 * CONV2D and FULLY_CONNECTED for one pixel / token. Sparse rows cost only their kept blocks. */
void rows_apply(const weights_t *wt, const int16_t *col, int8_t *out, int32_t zero_point, act_t act);

/* Rows over a tile of columns (pixels / tokens) at a time, see rows.c: sparse rows, and dense rows
 * as rows whose blocks are all kept. The plan splits kernel_scratch into the tile's columns (from the
 * start), the tile's accumulators, the decoded program of one row and the outputs of rows without
 * kept blocks. The columns come in quads: column i is quad i / 4, lane i % 4, and a quad stores group
 * g of its four columns side by side (tile_column, TILE_GROUP_STRIDE), so that one base address and
 * immediate offsets reach all four. */
typedef struct {
    uint32_t stride;   /* int16 elements of one column: whole groups */
    uint32_t columns;  /* columns per tile, whole quads; 0: rows too long, use rows_apply */
    uint32_t block;    /* weights per program record: the blob's block, or 16 / 8 / 4 for dense rows */
    int32_t *sums;     /* one accumulator per column of a tile */
    uint32_t *program; /* room for the longest row's decoded blocks */
    int8_t *constants; /* R outputs of the rows without kept blocks, or NULL if there are none */
} tiles_t;

/* Column i of a tile: pass it with TILE_GROUP_STRIDE to column_put / column_zero. */
static inline int16_t *tile_column(const tiles_t *plan, int16_t *tile, uint32_t i)
{
    return tile + (i >> 2) * 4u * plan->stride + (i & 3u) * 4u;
}

tiles_t tiles_plan(const weights_t *wt);
/* Fills plan->constants (once per layer, before the tiles). */
void tiles_constants(const weights_t *wt, const tiles_t *plan, int32_t zero_point, act_t act);
/* rows_apply for the n <= plan->columns columns tile_column(plan, col, i), writing out[i*R .. i*R + R). */
void tiles_apply(const weights_t *wt, const tiles_t *plan, const int16_t *col, uint32_t n, int8_t *out,
                 int32_t zero_point, act_t act);

/* out[i * out_stride] = tf_output of sums[i] (channel scale s, range o) for i < n: the output stage of
 * one channel over a tile of pixels. */
void requantize_strided(const int32_t *sums, uint32_t n, int8_t *out, uint32_t out_stride, const channel_scale_t *s,
                        const output_range_t *o);
/* out[i * size + j] = pixel[j] for j < size, i < count: the constant outputs of rows without kept weights, written as
 * whole pixels before the other rows overwrite theirs. */
void fill_pixels(int8_t *restrict out, const int8_t *restrict pixel, uint32_t size, uint32_t count);

#endif
