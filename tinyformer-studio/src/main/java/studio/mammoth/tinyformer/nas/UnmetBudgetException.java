package studio.mammoth.tinyformer.nas;

/**
 * The search's constraints admit no candidate (or no space): a setting for the user to change, not a fault, so the
 * command line reports it as a bad option and the Studio as the search's error message.
 */
public final class UnmetBudgetException extends RuntimeException {
    public UnmetBudgetException(String message) {
        super(message);
    }
}
