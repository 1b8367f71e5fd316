/* The PC as a board, for the host unit tests and the fuzzers: bytes "sent" over the UART are kept in
 * a buffer the test can inspect, the store and the arena are static arrays, time does not move. */
#include <string.h>
#include "board.h"
#include "board_host.h"

#define HOST_STORE_SIZE (4096u + 2u * 256u * 1024u)
#define HOST_ARENA_SIZE (256u * 1024u)

static uint8_t store[HOST_STORE_SIZE] __attribute__((aligned(16)));
static uint8_t arena[HOST_ARENA_SIZE] __attribute__((aligned(16)));
static uint8_t sent[8192];
static size_t sent_length;

void board_init(void)
{
    memset(store, 0xFF, sizeof store);
    sent_length = 0;
}

const char *board_name(void)
{
    return "host";
}

void board_uart_write(const uint8_t *data, size_t length)
{
    size_t n = length < sizeof sent - sent_length ? length : sizeof sent - sent_length;
    memcpy(sent + sent_length, data, n);
    sent_length += n;
}

int board_uart_read(void)
{
    return -1; /* the tests and fuzzers call the frame parser directly */
}

void board_wait_for_input(void)
{
}

uint64_t board_ticks(void)
{
    return 0;
}

uint64_t board_ticks_to_units(uint64_t ticks)
{
    return ticks;
}

const char *board_timer_unit(void)
{
    return "none";
}

const uint8_t *board_store_base(void)
{
    return store;
}

const board_store_layout_t *board_store_layout(void)
{
    static const board_store_layout_t layout = {{0u, 256u}, {4096u, 4096u + 256u * 1024u}, 256u * 1024u};
    return &layout;
}

int board_store_erase(uint32_t offset, uint32_t length)
{
    if (offset > HOST_STORE_SIZE || length > HOST_STORE_SIZE - offset) {
        return -1;
    }
    memset(store + offset, 0xFF, length);
    return 0;
}

int board_store_write(uint32_t offset, const uint8_t *data, uint32_t length)
{
    if (offset > HOST_STORE_SIZE || length > HOST_STORE_SIZE - offset) {
        return -1;
    }
    memcpy(store + offset, data, length);
    return 0;
}

int board_store_persistent(void)
{
    return 0;
}

uint8_t *board_arena(void)
{
    return arena;
}

uint32_t board_arena_size(void)
{
    return HOST_ARENA_SIZE;
}

uint32_t board_image_flash_bytes(void)
{
    return 0;
}

uint32_t board_image_static_ram_bytes(void)
{
    return 0;
}

const uint8_t *host_board_sent(size_t *length)
{
    *length = sent_length;
    return sent;
}

void host_board_clear_sent(void)
{
    sent_length = 0;
}
