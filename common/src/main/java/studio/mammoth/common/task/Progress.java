package studio.mammoth.common.task;

import studio.mammoth.common.image.RgbImage;

/**
 * One progress report of a running task.
 *
 * @param fraction overall completion in [0, 1], or -1 when unknown
 * @param stage    short stage name ("planning", "denoising", "flashing")
 * @param message  human readable detail ("planning 12/64")
 * @param preview  an optional cheap picture of the work so far, or null
 */
public record Progress(double fraction, String stage, String message, RgbImage preview) {
    public static Progress of(double fraction, String stage, String message) {
        return new Progress(fraction, stage, message, null);
    }
}
