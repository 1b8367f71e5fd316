#include "uart_ring.h"
#include "board.h"

#define RX_RING_SIZE 4096u /* two maximum frames: the host waits for each reply */

static volatile uint8_t rx_ring[RX_RING_SIZE];
static volatile uint32_t rx_head; /* written by the interrupt */
static volatile uint32_t rx_tail; /* written by the main loop */

void uart_ring_push(uint8_t byte)
{
    uint32_t next = (rx_head + 1u) % RX_RING_SIZE;
    if (next != rx_tail) {
        rx_ring[rx_head] = byte;
        rx_head = next;
    }
}

int board_uart_read(void)
{
    if (rx_tail == rx_head) {
        return -1;
    }
    uint8_t byte = rx_ring[rx_tail];
    rx_tail = (rx_tail + 1u) % RX_RING_SIZE;
    return byte;
}

void board_wait_for_input(void)
{
    /* Interrupts off between the check and WFI so a byte arriving in between still wakes us
     * (WFI wakes on a pending interrupt even while PRIMASK masks it). */
    __asm__ volatile("cpsid i" ::: "memory");
    if (rx_tail == rx_head) {
        __asm__ volatile("wfi" ::: "memory");
    }
    __asm__ volatile("cpsie i" ::: "memory");
}
