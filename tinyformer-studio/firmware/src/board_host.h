/* Test hooks of board_host.c. */
#ifndef SPARSE_ENGINE_BOARD_HOST_H
#define SPARSE_ENGINE_BOARD_HOST_H
#include <stddef.h>
#include <stdint.h>

/* Bytes board_uart_read will return next (the buffer must outlive their reading). */
void host_board_feed(const uint8_t *data, size_t length);
/* Everything board_uart_write sent since the last clear. */
const uint8_t *host_board_sent(size_t *length);
void host_board_clear_sent(void);

#endif
