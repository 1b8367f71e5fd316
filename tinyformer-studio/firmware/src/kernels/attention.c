/* ATTN_SCORES (Q K^T per head), SOFTMAX (exp table) and ATTN_CONTEXT (P V per head):
 * INTEGER_SEMANTICS.md §4.7-4.9. Both matmuls run on the SMLAD row core: a K row (or a row of
 * V transposed) plays the weight row, (q - zp_q) the column, and the other zero point is applied
 * once per dot as sum(q' * k) - zp_k * sum(q') - exact integer algebra, so bit-exact. */
#include "kernels.h"
#include "requant.h"
#include "rows.h"

void attn_scores(const tensor_t *q, const tensor_t *k, tensor_t *out, uint32_t heads, int32_t mult, int32_t shift,
                 act_t act)
{
    const uint32_t tokens = (uint32_t)q->h * q->w, width = q->c, head_width = width / heads;
    int16_t *col = kernel_scratch; /* head_width <= KERNEL_COLUMN_MAX, checked by blob.c */
    for (uint32_t head = 0; head < heads; head++) {
        for (uint32_t i = 0; i < tokens; i++) {
            column_put(col, 0, q->data + i * width + head * head_width, head_width, q->zero_point);
            const int32_t q_sum = column_sum(col, head_width);
            int8_t *o = out->data + (head * tokens + i) * tokens;
            for (uint32_t j = 0; j < tokens; j++) {
                int32_t acc = dot_dense(k->data + j * width + head * head_width, col, head_width) - k->zero_point * q_sum;
                o[j] = tf_output(acc, mult, shift, out->zero_point, act.min, act.max);
            }
        }
    }
}

void softmax_s8(const tensor_t *in, tensor_t *out, const uint16_t *exp_table)
{
    const uint32_t rows = (uint32_t)in->h * in->w, n = in->c;
    for (uint32_t r = 0; r < rows; r++) {
        const int8_t *x = in->data + r * n;
        int8_t *o = out->data + r * n;
        int32_t max = x[0];
        for (uint32_t j = 1; j < n; j++) {
            max = x[j] > max ? x[j] : max;
        }
        uint32_t sum = 0;
        for (uint32_t j = 0; j < n; j++) {
            sum += exp_table[max - x[j]];
        }
        for (uint32_t j = 0; j < n; j++) {
            uint32_t e = exp_table[max - x[j]];
            int32_t p = (int32_t)(((e << 8) + (sum >> 1)) / sum);
            o[j] = (int8_t)clamp_i32(p - 128, -128, 127);
        }
    }
}

static void context_portable(const tensor_t *p, const tensor_t *v, tensor_t *out, uint32_t head, uint32_t head_width,
                             int32_t mult, int32_t shift, act_t act)
{
    const uint32_t tokens = (uint32_t)v->h * v->w, width = v->c;
    for (uint32_t i = 0; i < tokens; i++) {
        const int8_t *prow = p->data + (head * tokens + i) * tokens;
        for (uint32_t k = 0; k < head_width; k++) {
            int32_t acc = 0;
            for (uint32_t j = 0; j < tokens; j++) {
                acc += (prow[j] - p->zero_point) * (v->data[j * width + head * head_width + k] - v->zero_point);
            }
            out->data[i * width + head * head_width + k] = tf_output(acc, mult, shift, out->zero_point, act.min, act.max);
        }
    }
}

void attn_context(const tensor_t *p, const tensor_t *v, tensor_t *out, uint32_t heads, int32_t mult, int32_t shift,
                  act_t act)
{
    const uint32_t tokens = (uint32_t)v->h * v->w, width = v->c, head_width = width / heads;
    const uint32_t col_values = (tokens + 3u) & ~3u;
    int16_t *col = kernel_scratch;
    int8_t *v_transposed = (int8_t *)(kernel_scratch + col_values);
    const int fits = 2u * col_values + head_width * tokens <= KERNEL_SCRATCH_BYTES;
    for (uint32_t head = 0; head < heads; head++) {
        if (!fits) {
            context_portable(p, v, out, head, head_width, mult, shift, act);
            continue;
        }
        for (uint32_t j = 0; j < tokens; j++) {
            for (uint32_t k = 0; k < head_width; k++) {
                v_transposed[k * tokens + j] = v->data[j * width + head * head_width + k];
            }
        }
        for (uint32_t i = 0; i < tokens; i++) {
            column_put(col, 0, p->data + (head * tokens + i) * tokens, tokens, p->zero_point);
            const int32_t p_sum = column_sum(col, tokens);
            int8_t *o = out->data + i * width + head * head_width;
            for (uint32_t k = 0; k < head_width; k++) {
                int32_t acc = dot_dense(v_transposed + k * tokens, col, tokens) - v->zero_point * p_sum;
                o[k] = tf_output(acc, mult, shift, out->zero_point, act.min, act.max);
            }
        }
    }
}
