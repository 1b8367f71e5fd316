/*
 * Two model slots in the board's persistent store. An upload always goes to the slot that is not
 * active; only a verified upload (CRC matches the announced one and the blob validates) can be
 * activated, and activation is a single metadata record write. So an interrupted, corrupt or
 * rejected upload never costs the board its last working model.
 *
 * Where the two metadata records and the two slots lie is the board's (board_store_layout: each in
 * erase units of its own); this protocol is the same on every board. Each record carries a sequence
 * number and its own CRC; boot trusts the valid record with the highest sequence whose slot still
 * passes its CRC and blob validation, else the other one.
 */
#ifndef SPARSE_ENGINE_MODEL_STORE_H
#define SPARSE_ENGINE_MODEL_STORE_H
#include <stdint.h>

typedef enum { STAGE_IDLE = 0, STAGE_RECEIVING = 1, STAGE_COMPLETE = 2, STAGE_VERIFIED = 3 } stage_state_t;

typedef struct {
    stage_state_t state;
    uint32_t total;
    uint32_t crc;
    uint32_t next_offset;
} stage_status_t;

/* Reads the metadata and selects the active model; returns 0 when one was found. */
int model_store_init(void);
uint32_t model_store_slot_capacity(void);

/* Active model (NULL / 0 when none). */
const uint8_t *model_store_active(uint32_t *length, uint32_t *crc, int *slot);

/* Upload. Each returns 0 or an error_code from protocol.h; *detail receives the error's detail. */
int model_store_begin(uint32_t total, uint32_t crc, uint32_t *detail);
int model_store_chunk(uint32_t offset, const uint8_t *data, uint32_t length, uint32_t *detail);
int model_store_verify(uint32_t *computed_crc, uint32_t *detail);
int model_store_activate(uint32_t *detail);
stage_status_t model_store_stage(void);

#endif
