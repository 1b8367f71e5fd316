/* Residual ADD with two input scales (TFLite int8 add, left shift 20): INTEGER_SEMANTICS.md §4.4. */
#include "kernels.h"
#include "requant.h"

void add_s8(const tensor_t *a, const tensor_t *b, tensor_t *out, const int32_t mult[3], const int32_t shift[3], act_t act)
{
    const uint32_t n = (uint32_t)a->h * a->w * a->c;
    for (uint32_t i = 0; i < n; i++) {
        int32_t sa = tf_requantize((a->data[i] - a->zero_point) * (1 << 20), mult[0], shift[0]);
        int32_t sb = tf_requantize((b->data[i] - b->zero_point) * (1 << 20), mult[1], shift[1]);
        out->data[i] = tf_output(sa + sb, mult[2], shift[2], out->zero_point, act.min, act.max);
    }
}
