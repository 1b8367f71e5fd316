/* Residual ADD with two input scales (TFLite int8 add, left shift 20): INTEGER_SEMANTICS.md §4.4.
 * Each input's rescaled value depends on its int8 value alone, so both rescalings are two 256-entry
 * tables built once per layer (512 requantisations instead of two per element); the sum then takes
 * the weighted kernels' output stage (channel_requantize + output_clamp = tf_output). */
#include "kernels.h"
#include "requant.h"
#include "rows.h"

static inline __attribute__((always_inline)) void add_range(const int8_t *a, const int8_t *b, int8_t *out, uint32_t n,
                                                            const int32_t *rescaled_a, const int32_t *rescaled_b,
                                                            const channel_scale_t *s, const output_range_t *o,
                                                            const int common)
{
    for (uint32_t i = 0; i < n; i++) {
        out[i] = scaled_output(s, o, rescaled_a[a[i]] + rescaled_b[b[i]], common);
    }
}

/* table[v + 128] = tf_requantize((v - zero_point) << 20, mult, shift) for every int8 v. Multipliers below 2 take the
 * output stage's usual path (requant.h), exact here without saturation: |v - zero_point| <= 255, so the argument
 * raised by at most MAX_SCALE_RAISE bits stays below 2^31. */
static void rescale_table(int32_t *table, int32_t zero_point, int32_t mult, int32_t shift)
{
    const channel_scale_t s = channel_scale(mult, shift);
    for (int32_t v = -128; v < 128; v++) {
        const int32_t x = (v - zero_point) * (1 << 20);
        table[v + 128] = shift <= 1 ? channel_requantize_usual(&s, x * (1 << s.raise)) : tf_requantize(x, mult, shift);
    }
}

void add_s8(const tensor_t *a, const tensor_t *b, tensor_t *out, const int32_t mult[3], const int32_t shift[3], act_t act)
{
    int32_t *tables = (int32_t *)(void *)kernel_scratch; /* 2 x 256 int32 = 2 KB of the scratch */
    rescale_table(tables, a->zero_point, mult[0], shift[0]);
    rescale_table(tables + 256, b->zero_point, mult[1], shift[1]);
    const uint32_t n = (uint32_t)a->h * a->w * a->c;
    channel_scale_t s = channel_scale(mult[2], shift[2]);
    const output_range_t o = output_range(out->zero_point, act.min, act.max);
    /* indexed by the signed value: the tables' middle entries are value 0. A residual add's output multiplier is
     * about 2^-20: the common case. */
    if (prepare_common_output(&s, &o)) {
        add_range(a->data, b->data, out->data, n, tables + 128, tables + 384, &s, &o, 1);
    } else {
        add_range(a->data, b->data, out->data, n, tables + 128, tables + 384, &s, &o, 0);
    }
}
