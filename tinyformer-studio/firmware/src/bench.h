/*
 * On-board kernel benchmark: one layer shape with random int8 weights at a chosen block density,
 * run once on the dense kernel and once on the sparse kernel over the same weights and input.
 * Both results must be identical (reported), and both costs are measured by the board's timer.
 *
 * Request: kind u8 (0 CONV2D, 1 DEPTHWISE_CONV2D, 2 FULLY_CONNECTED), h u16, w u16, cin u16,
 *          cout u16, kernel u8, stride u8, block u8, density u16 (kept blocks per 1000), seed u32.
 */
#ifndef SPARSE_ENGINE_BENCH_H
#define SPARSE_ENGINE_BENCH_H
#include <stdint.h>
#include "wire.h"

typedef struct {
    uint8_t kind;
    uint16_t h, w, cin, cout;
    uint8_t kernel, stride, block;
    uint16_t density_permille;
    uint32_t seed;
} bench_request_t;

typedef struct {
    uint64_t dense_units;
    uint64_t sparse_units;
    uint32_t nonzero_weights;
    uint32_t total_weights;
    uint32_t encoded_bytes;
    uint8_t outputs_equal;
} bench_result_t;

/* Both return 0 or an error_code (protocol.h). */
int bench_parse(wire_reader_t *r, bench_request_t *request, uint32_t *detail);
int bench_run(const bench_request_t *request, bench_result_t *result, uint32_t *detail);

#endif
