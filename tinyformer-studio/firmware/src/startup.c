/* Cortex-M startup: vector table, reset handler (.data copy, .bss clear), default handlers. */
#include <stdint.h>

extern uint32_t __data_load, __data_start, __data_end, __bss_start, __bss_end, __stack_top;
extern int main(void);
void board_uart_irq(void);
void board_systick_irq(void);
void board_hardfault_irq(void);

void reset_handler(void);

static void default_handler(void)
{
    for (;;) {
    }
}

#ifndef BOARD_UART_IRQN
#error "define BOARD_UART_IRQN: the external interrupt number of the serial link's receive interrupt"
#endif
#define EXTERNAL_IRQS 98 /* STM32F746 has 98; mps2-an500 fewer - unused entries never fire */

#pragma GCC diagnostic ignored "-Woverride-init" /* a default for every entry, then the ones the firmware handles */
/* 16 system exceptions + the external interrupts; the board's UART receive interrupt goes to board_uart_irq. */
__attribute__((section(".isr_vector"), used)) static void (*const vector_table[16 + EXTERNAL_IRQS])(void) = {
    [0] = (void (*)(void))&__stack_top,
    [1] = reset_handler,
    [2 ... 16 + EXTERNAL_IRQS - 1] = default_handler,
    [3] = board_hardfault_irq,
    [7 ... 10] = 0,
    [13] = 0,
    [15] = board_systick_irq,
    [16 + BOARD_UART_IRQN] = board_uart_irq,
};

void reset_handler(void)
{
    /* -ffreestanding keeps GCC from turning these loops into memcpy/memset calls before .data exists. */
    uint32_t *src = &__data_load;
    for (uint32_t *dst = &__data_start; dst < &__data_end;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = &__bss_start; dst < &__bss_end;) {
        *dst++ = 0;
    }
    main();
    for (;;) {
    }
}
