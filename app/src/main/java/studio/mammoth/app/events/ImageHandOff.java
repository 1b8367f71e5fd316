package studio.mammoth.app.events;

import java.nio.file.Path;
import java.util.Objects;
import studio.mammoth.common.image.RgbImage;

/**
 * A picture passed from one workspace to another ("open in Edit", "ask about it"). The publisher also publishes
 * {@link ShowWorkspace} for the target; the target subscribes to this type and takes the picture when
 * {@code targetWorkspace} is its own id.
 *
 * @param file   where the picture is stored (a gallery PNG with its settings in text chunks), or null
 * @param prompt the prompt that made it, or null when unknown
 */
public record ImageHandOff(String targetWorkspace, RgbImage image, Path file, String prompt) {
    public ImageHandOff {
        Objects.requireNonNull(targetWorkspace, "targetWorkspace");
        Objects.requireNonNull(image, "image");
    }
}
