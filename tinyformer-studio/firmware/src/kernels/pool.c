/* AVG_POOL2D without padding (global pooling included): INTEGER_SEMANTICS.md §4.5. */
#include "kernels.h"
#include "requant.h"

void avg_pool2d(const tensor_t *in, tensor_t *out, const window_t *win, int32_t mult, int32_t shift, act_t act)
{
    const uint32_t channels = in->c;
    for (uint32_t oy = 0; oy < out->h; oy++) {
        for (uint32_t ox = 0; ox < out->w; ox++) {
            for (uint32_t c = 0; c < channels; c++) {
                int32_t acc = 0;
                for (uint32_t ky = 0; ky < win->kernel_h; ky++) {
                    const int8_t *row = in->data + ((oy * win->stride_h + ky) * in->w + ox * win->stride_w) * channels + c;
                    for (uint32_t kx = 0; kx < win->kernel_w; kx++) {
                        acc += row[kx * channels] - in->zero_point;
                    }
                }
                out->data[(oy * out->w + ox) * channels + c] =
                    tf_output(acc, mult, shift, out->zero_point, act.min, act.max);
            }
        }
    }
}
