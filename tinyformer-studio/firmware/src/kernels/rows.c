#include "rows.h"
#include "requant.h"
#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#endif

int16_t kernel_scratch[KERNEL_SCRATCH_BYTES / 2u] __attribute__((aligned(8)));

#if defined(__ARM_FEATURE_DSP)
/* SXTB16 with its ROR #8 operand: bytes 1 and 3 sign-extended in one instruction. */
static inline uint32_t sxtb16_ror8(uint32_t x)
{
    uint32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
}

static inline uint32_t sxtab16_ror8(uint32_t a, uint32_t x)
{
    uint32_t r;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
    return r;
}
#endif

static inline uint32_t load_word(const void *p)
{
    uint32_t v;
    __builtin_memcpy(&v, p, 4); /* an LDR on Cortex-M7, which allows unaligned word loads */
    return v;
}

weights_t weights_view(const uint8_t *bytes, uint32_t rows, uint32_t length, uint32_t block, const int32_t *bias,
                       const int32_t *mult, const int32_t *shift)
{
    weights_t wt = {rows, length, NULL, NULL, NULL, NULL, 0, bias, mult, shift};
    if (block == 0) {
        wt.dense = (const int8_t *)bytes;
        return wt;
    }
    const uint32_t counts_bytes = (2u * rows + 3u) & ~3u;
    const uint16_t *counts = (const uint16_t *)(const void *)bytes;
    uint32_t kept = 0;
    for (uint32_t r = 0; r < rows; r++) {
        kept += counts[r];
    }
    wt.counts = counts;
    wt.skips = bytes + counts_bytes;
    wt.values = (const int8_t *)(bytes + counts_bytes + ((kept + 3u) & ~3u));
    wt.block = block;
    return wt;
}

void column_put(int16_t *col, uint32_t start, const int8_t *x, uint32_t n, int32_t zero_point)
{
    uint32_t j = 0;
#if defined(__ARM_FEATURE_DSP)
    if ((start & 3u) == 0) {
        /* SXTAB16 adds the sign-extended bytes 0,2 (or 1,3 after ROR 8) to -zero_point in both halves. */
        uint32_t offset = ((uint32_t)(-zero_point) & 0xFFFFu) * 0x10001u;
        uint32_t *out = (uint32_t *)(col + start);
        for (; j + 4 <= n; j += 4) {
            uint32_t bytes = load_word(x + j);
            *out++ = __sxtab16(offset, bytes);
            *out++ = sxtab16_ror8(offset, bytes);
        }
    }
#endif
    for (; j < n; j++) {
        col[column_position(start + j)] = (int16_t)(x[j] - zero_point);
    }
}

void column_zero(int16_t *col, uint32_t start, uint32_t n)
{
    for (uint32_t j = 0; j < n; j++) {
        col[column_position(start + j)] = 0;
    }
}

int32_t column_sum(const int16_t *col, uint32_t n)
{
    int32_t sum = 0;
    for (uint32_t j = 0; j < n; j++) {
        sum += col[column_position(j)];
    }
    return sum;
}

/* Groups of four from a group-aligned column position. */
static inline __attribute__((always_inline)) int32_t dot_groups(const int8_t *w, const int16_t *col, uint32_t groups, int32_t acc)
{
#if defined(__ARM_FEATURE_DSP)
    const uint32_t *c = (const uint32_t *)col;
#pragma GCC unroll 4 /* a whole 16-weight block without loop overhead or spills */
    for (uint32_t g = 0; g < groups; g++) {
        uint32_t weights = load_word(w + 4 * g);
        acc = (int32_t)__smlad(__sxtb16(weights), c[2 * g], (uint32_t)acc);
        acc = (int32_t)__smlad(sxtb16_ror8(weights), c[2 * g + 1], (uint32_t)acc);
    }
#else
    for (uint32_t g = 0; g < groups; g++) {
        const int8_t *wg = w + 4 * g;
        const int16_t *cg = col + 4 * g;
        acc += wg[0] * cg[0] + wg[2] * cg[1] + wg[1] * cg[2] + wg[3] * cg[3];
    }
#endif
    return acc;
}

int32_t dot_dense(const int8_t *w, const int16_t *col, uint32_t n)
{
    uint32_t groups = n / 4u;
    int32_t acc = dot_groups(w, col, groups, 0);
    for (uint32_t i = groups * 4u; i < n; i++) {
        acc += w[i] * col[column_position(i)];
    }
    return acc;
}

/* The per-row parameters copied out of the weights_t: stores through an int8_t pointer may alias
 * anything, so reading them through wt inside the loops would reload every field on every row. */
typedef struct {
    const int32_t *restrict bias, *restrict mult, *restrict shift;
    int32_t zero_point;
    int32_t act_min, act_max;
} output_params_t;

/* tf_output (requant.h) for row r, written for the common case of a right shift (multiplier < 1):
 * the same integers, with the [-256, 255] pre-clamp as one SSAT on the DSP path. */
static inline int8_t output_stage(const output_params_t *p, uint32_t r, int32_t acc)
{
    const int32_t shift = p->shift[r];
    int32_t v = tf_high_mul(p->bias[r] + acc, p->mult[r]);
    if (shift <= 0) {
        v = tf_round_shift(v, -shift);
    } else {
        v = tf_requantize(p->bias[r] + acc, p->mult[r], shift);
    }
#if defined(__ARM_FEATURE_DSP)
    v = __ssat(v, 9) + p->zero_point;
#else
    v = (v > 255 ? 255 : v < -256 ? -256 : v) + p->zero_point;
#endif
    v = v < p->act_min ? p->act_min : v;
    return (int8_t)(v > p->act_max ? p->act_max : v);
}

/* Sparse rows with blocks of BLOCK weights (a compile-time constant in each instantiation, so the
 * group loop unrolls and the pointers stay in registers). A pointer walks the column, jumping over
 * the skipped blocks; only kept blocks cost multiply-accumulates. */
static inline __attribute__((always_inline)) void sparse_rows(const weights_t *wt, const int16_t *col,
                                                              int8_t *restrict out, const output_params_t p,
                                                              const uint32_t block)
{
    const uint8_t *skip = wt->skips;
    const int8_t *value = wt->values;
    const uint16_t *counts = wt->counts;
    const uint32_t rows = wt->rows;
    for (uint32_t r = 0; r < rows; r++) {
        const uint8_t *skip_end = skip + counts[r];
        const int16_t *c = col;
        int32_t acc = 0;
        while (skip < skip_end) {
            c += *skip++ * block;
            acc = dot_groups(value, c, block / 4u, acc);
            value += block;
            c += block;
        }
        out[r] = output_stage(&p, r, acc);
    }
}

/* Blocks of one weight: the column position of each kept weight goes through the reordered layout. */
static void sparse_rows_single(const weights_t *wt, const int16_t *col, int8_t *restrict out, const output_params_t p)
{
    const uint8_t *skip = wt->skips;
    const int8_t *value = wt->values;
    const uint16_t *counts = wt->counts;
    const uint32_t rows = wt->rows;
    for (uint32_t r = 0; r < rows; r++) {
        const uint8_t *skip_end = skip + counts[r];
        uint32_t position = 0;
        int32_t acc = 0;
        while (skip < skip_end) {
            position += *skip++;
            acc += *value++ * col[column_position(position)];
            position++;
        }
        out[r] = output_stage(&p, r, acc);
    }
}

void rows_apply(const weights_t *wt, const int16_t *col, int8_t *out, int32_t zero_point, act_t act)
{
    const output_params_t p = {wt->bias, wt->mult, wt->shift, zero_point, act.min, act.max};
    if (wt->dense != NULL) {
        const int8_t *w = wt->dense;
        const uint32_t rows = wt->rows, length = wt->length;
        for (uint32_t r = 0; r < rows; r++, w += length) {
            out[r] = output_stage(&p, r, dot_dense(w, col, length));
        }
        return;
    }
    switch (wt->block) {
    case 4: sparse_rows(wt, col, out, p, 4); break;
    case 8: sparse_rows(wt, col, out, p, 8); break;
    case 16: sparse_rows(wt, col, out, p, 16); break;
    default: sparse_rows_single(wt, col, out, p); break;
    }
}
