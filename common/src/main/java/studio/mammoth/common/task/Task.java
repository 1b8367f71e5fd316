package studio.mammoth.common.task;

/**
 * One operation of the product (MZmine's module/task contract): built from validated parameters,
 * run off the UI thread by a job runner, reporting progress and honouring cancellation, ending in a result.
 *
 * @param <R> the result type
 */
public interface Task<R> {
    /** Label shown in the job queue, e.g. "Generate 4 images". */
    String title();

    /** Whether the task needs the single heavy slot (model inference, training, flashing a board). */
    default boolean heavy() {
        return true;
    }

    R run(TaskContext context) throws Exception;
}
