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

/* 16 system exceptions + 32 external interrupts (mps2-an500 wires UART0 RX to IRQ0). */
__attribute__((section(".isr_vector"), used)) static void (*const vector_table[48])(void) = {
    (void (*)(void))&__stack_top,
    reset_handler,
    default_handler,      /* NMI */
    board_hardfault_irq,  /* HardFault */
    default_handler,      /* MemManage */
    default_handler,      /* BusFault */
    default_handler,      /* UsageFault */
    0, 0, 0, 0,
    default_handler,      /* SVCall */
    default_handler,      /* DebugMonitor */
    0,
    default_handler,      /* PendSV */
    board_systick_irq,    /* SysTick */
    board_uart_irq,       /* IRQ0: UART0 RX */
    default_handler, default_handler, default_handler, default_handler, default_handler, default_handler,
    default_handler, default_handler, default_handler, default_handler, default_handler, default_handler,
    default_handler, default_handler, default_handler, default_handler, default_handler, default_handler,
    default_handler, default_handler, default_handler, default_handler, default_handler, default_handler,
    default_handler, default_handler, default_handler, default_handler, default_handler, default_handler,
    default_handler,
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
