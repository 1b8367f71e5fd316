package studio.mammoth.common.task;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CancelTokenTest {
    @Test
    void throwsOnlyAfterCancel() {
        CancelToken token = new CancelToken();
        assertDoesNotThrow(token::throwIfCancelled);
        token.cancel();
        assertThrows(CancelledException.class, token::throwIfCancelled);
    }
}
