/* Reset vector of the Cortex-M test program: the core loads its stack pointer and entry from address 0, and
 * newlib's semihosting start-up (_start, rdimon-crt0) does the rest: stack, .bss, argv, then main. */
#include <stdint.h>

extern uint32_t __stack;
extern void _start(void);

__attribute__((section(".isr_vector"), used)) static const void *const reset_vector[2] = {&__stack, (const void *)_start};
