#include "model_store.h"
#include <stddef.h>
#include "blob.h"
#include "board.h"
#include "crc32.h"
#include "protocol.h"

#define META_MAGIC 0x544C534Du /* "MSLT" */

typedef struct {
    uint32_t magic;
    uint32_t sequence;
    uint32_t slot;
    uint32_t length;
    uint32_t crc;
    uint32_t record_crc; /* over the five fields above */
} meta_record_t;

static struct {
    int active_slot; /* -1: none */
    uint32_t active_length;
    uint32_t active_crc;
    uint32_t sequence;
    int stage_slot;
    stage_status_t stage;
} store = {-1, 0, 0, 0, -1, {STAGE_IDLE, 0, 0, 0}};

uint32_t model_store_slot_capacity(void)
{
    return board_store_layout()->slot_capacity;
}

static uint32_t slot_offset(int slot)
{
    return board_store_layout()->slot_offset[slot];
}

static const uint8_t *slot_data(int slot)
{
    return board_store_base() + slot_offset(slot);
}

static uint32_t record_checksum(const meta_record_t *r)
{
    return crc32_compute((const uint8_t *)r, offsetof(meta_record_t, record_crc));
}

static int read_record(int index, meta_record_t *r)
{
    const uint8_t *p = board_store_base() + board_store_layout()->record_offset[index];
    for (size_t i = 0; i < sizeof *r; i++) {
        ((uint8_t *)r)[i] = p[i];
    }
    return r->magic == META_MAGIC && r->record_crc == record_checksum(r) && r->slot < 2u
           && r->length > 0 && r->length <= model_store_slot_capacity();
}

static int slot_holds(int slot, uint32_t length, uint32_t crc)
{
    blob_model_t model;
    return crc32_compute(slot_data(slot), length) == crc && blob_parse(slot_data(slot), length, &model) == BLOB_OK;
}

int model_store_init(void)
{
    store.active_slot = -1;
    if (model_store_slot_capacity() == 0) {
        return -1;
    }
    meta_record_t records[2];
    int valid[2] = {read_record(0, &records[0]), read_record(1, &records[1])};
    int order[2] = {0, 1};
    if (valid[0] && valid[1] && records[1].sequence > records[0].sequence) {
        order[0] = 1;
        order[1] = 0;
    }
    store.active_slot = -1;
    store.sequence = 0;
    for (int k = 0; k < 2; k++) {
        int i = order[k];
        if (!valid[i]) {
            continue;
        }
        if (records[i].sequence > store.sequence) {
            store.sequence = records[i].sequence;
        }
        if (store.active_slot < 0 && slot_holds((int)records[i].slot, records[i].length, records[i].crc)) {
            store.active_slot = (int)records[i].slot;
            store.active_length = records[i].length;
            store.active_crc = records[i].crc;
        }
    }
    return store.active_slot >= 0 ? 0 : -1;
}

const uint8_t *model_store_active(uint32_t *length, uint32_t *crc, int *slot)
{
    *slot = store.active_slot;
    if (store.active_slot < 0) {
        *length = 0;
        *crc = 0;
        return NULL;
    }
    *length = store.active_length;
    *crc = store.active_crc;
    return slot_data(store.active_slot);
}

stage_status_t model_store_stage(void)
{
    return store.stage;
}

int model_store_begin(uint32_t total, uint32_t crc, uint32_t *detail)
{
    uint32_t capacity = model_store_slot_capacity();
    if (total == 0 || total > capacity) {
        *detail = capacity;
        return ERR_NO_SPACE;
    }
    /* Same blob announced again (a reconnecting host): resume where the board stopped. */
    if (store.stage.state != STAGE_IDLE && store.stage.total == total && store.stage.crc == crc) {
        return 0;
    }
    int slot = store.active_slot == 0 ? 1 : 0;
    if (board_store_erase(slot_offset(slot), total) != 0) {
        *detail = 0;
        return ERR_STORE_IO;
    }
    store.stage_slot = slot;
    store.stage.state = STAGE_RECEIVING;
    store.stage.total = total;
    store.stage.crc = crc;
    store.stage.next_offset = 0;
    return 0;
}

int model_store_chunk(uint32_t offset, const uint8_t *data, uint32_t length, uint32_t *detail)
{
    if (store.stage.state == STAGE_IDLE) {
        *detail = 0;
        return ERR_NOT_STAGED;
    }
    if (offset <= store.stage.next_offset && length <= store.stage.next_offset - offset) {
        return 0; /* a retransmission of bytes already stored: acknowledge, do not rewrite flash */
    }
    if (offset != store.stage.next_offset) {
        *detail = store.stage.next_offset;
        return ERR_OFFSET;
    }
    if (length == 0 || length > store.stage.total - offset) {
        *detail = store.stage.total - offset;
        return ERR_BAD_PAYLOAD;
    }
    if (board_store_write(slot_offset(store.stage_slot) + offset, data, length) != 0) {
        *detail = offset;
        return ERR_STORE_IO;
    }
    store.stage.next_offset += length;
    store.stage.state = store.stage.next_offset == store.stage.total ? STAGE_COMPLETE : STAGE_RECEIVING;
    return 0;
}

int model_store_verify(uint32_t *computed_crc, uint32_t *detail)
{
    *computed_crc = 0;
    if (store.stage.state != STAGE_COMPLETE && store.stage.state != STAGE_VERIFIED) {
        *detail = store.stage.next_offset;
        return ERR_NOT_STAGED;
    }
    const uint8_t *data = slot_data(store.stage_slot);
    *computed_crc = crc32_compute(data, store.stage.total);
    if (*computed_crc != store.stage.crc) {
        store.stage.state = STAGE_IDLE; /* the bytes are wrong somewhere: the upload starts over */
        *detail = *computed_crc;
        return ERR_VERIFY_CRC;
    }
    blob_model_t model;
    blob_status_t status = blob_parse(data, store.stage.total, &model);
    if (status != BLOB_OK) {
        store.stage.state = STAGE_IDLE;
        *detail = (uint32_t)status;
        return ERR_BLOB_INVALID;
    }
    if (model.arena_bytes > board_arena_size()) {
        store.stage.state = STAGE_IDLE;
        *detail = board_arena_size();
        return ERR_ARENA;
    }
    store.stage.state = STAGE_VERIFIED;
    return 0;
}

int model_store_activate(uint32_t *detail)
{
    if (store.stage.state != STAGE_VERIFIED) {
        *detail = (uint32_t)store.stage.state;
        return ERR_NOT_VERIFIED;
    }
    meta_record_t record = {META_MAGIC, store.sequence + 1u, (uint32_t)store.stage_slot, store.stage.total,
                            store.stage.crc, 0};
    record.record_crc = record_checksum(&record);
    /* Overwrite the older of the two records, so the newer one survives a torn write. */
    uint32_t index = record.sequence % 2u;
    const uint32_t at = board_store_layout()->record_offset[index];
    if (board_store_erase(at, sizeof record) != 0 || board_store_write(at, (const uint8_t *)&record, sizeof record) != 0) {
        *detail = index;
        return ERR_STORE_IO;
    }
    store.sequence = record.sequence;
    store.active_slot = store.stage_slot;
    store.active_length = store.stage.total;
    store.active_crc = store.stage.crc;
    store.stage.state = STAGE_IDLE;
    store.stage_slot = -1;
    return 0;
}
