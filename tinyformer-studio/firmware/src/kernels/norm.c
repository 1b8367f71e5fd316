/* Integer-only LAYER_NORM (I-BERT style, INTEGER_SEMANTICS.md §4.6). */
#include "kernels.h"
#include "requant.h"
#include "rows.h"

void layer_norm(const tensor_t *in, tensor_t *out, const int32_t *gamma, const int32_t *beta, int32_t mult,
                int32_t shift, act_t act)
{
    const uint32_t rows = (uint32_t)in->h * in->w, width = in->c;
    int32_t *d = (int32_t *)kernel_scratch; /* width <= 1024, checked by blob.c */
    for (uint32_t r = 0; r < rows; r++) {
        const int8_t *x = in->data + r * width;
        int8_t *o = out->data + r * width;
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
            o[i] = tf_output(n * gamma[i] + beta[i], mult, shift, out->zero_point, act.min, act.max);
        }
    }
}
