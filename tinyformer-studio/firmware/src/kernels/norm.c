/* Integer-only LAYER_NORM (I-BERT style, INTEGER_SEMANTICS.md §4.6). */
#include "kernels.h"
#include "requant.h"
#include "rows.h"

static inline __attribute__((always_inline)) void layer_norm_range(const tensor_t *in, tensor_t *out, const int32_t *gamma,
                                                                   const int32_t *beta, const channel_scale_t *s,
                                                                   const output_range_t *o, const int full_range)
{
    const uint32_t rows = (uint32_t)in->h * in->w, width = in->c;
    int32_t *d = (int32_t *)kernel_scratch; /* width <= 1024, checked by blob.c */
    for (uint32_t r = 0; r < rows; r++) {
        const int8_t *x = in->data + r * width;
        int8_t *y = out->data + r * width;
        int32_t sum = 0;
        for (uint32_t i = 0; i < width; i++) {
            sum += x[i] - in->zero_point;
        }
        int64_t variance_sum = 0; /* D^3 * variance */
        for (uint32_t i = 0; i < width; i++) {
            d[i] = (int32_t)width * (x[i] - in->zero_point) - sum;
            variance_sum += (int64_t)d[i] * d[i];
        }
        const uint32_t sigma = isqrt64(((uint64_t)variance_sum << 8) / width);
        for (uint32_t i = 0; i < width; i++) {
            int32_t n = 0;
            if (sigma != 0) {
                int32_t a = d[i] * (1 << 12);
                n = a >= 0 ? (a + (int32_t)(sigma >> 1)) / (int32_t)sigma
                           : -((-a + (int32_t)(sigma >> 1)) / (int32_t)sigma);
            }
            y[i] = output_clamp(o, channel_requantize(s, n * gamma[i] + beta[i]), full_range);
        }
    }
}

void layer_norm(const tensor_t *in, tensor_t *out, const int32_t *gamma, const int32_t *beta, int32_t mult,
                int32_t shift, act_t act)
{
    const channel_scale_t s = channel_scale(mult, shift);
    const output_range_t o = output_range(out->zero_point, act.min, act.max);
    if (o.full_range) {
        layer_norm_range(in, out, gamma, beta, &s, &o, 1);
    } else {
        layer_norm_range(in, out, gamma, beta, &s, &o, 0);
    }
}
