package studio.mammoth.app.create;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.api.GeneratedImage;
import studio.mammoth.model.api.PngText;

/**
 * Every picture Create made, as PNG files whose text chunks carry the settings (so the gallery survives restarts and
 * each file restores its settings wherever it is copied). The folder is {@code -D}{@value #DIR_PROPERTY} when set,
 * else {@code $XDG_DATA_HOME/mammoth-studio/gallery}, else {@code ~/.local/share/mammoth-studio/gallery}.
 */
final class Gallery {
    static final String DIR_PROPERTY = "mammoth.gallery";

    /** One stored picture. */
    record Entry(Path file, RgbImage image, GenerationSettings settings) {
    }

    private final Path directory;

    Gallery(Path directory) {
        this.directory = directory;
    }

    static Gallery standard() {
        String override = System.getProperty(DIR_PROPERTY);
        if (override != null && !override.isBlank()) {
            return new Gallery(Path.of(override));
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path data = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return new Gallery(data.resolve("mammoth-studio").resolve("gallery"));
    }

    Path directory() {
        return directory;
    }

    /** Writes one result as a PNG with its settings; the name keeps seeds and time readable in a file manager. */
    Entry add(GeneratedImage image) throws IOException {
        Files.createDirectories(directory);
        String base = "mammoth-" + System.currentTimeMillis() + "-seed" + image.seed();
        Path file = directory.resolve(base + ".png");
        for (int i = 2; Files.exists(file); i++) {
            file = directory.resolve(base + "-" + i + ".png");
        }
        PngText.write(image.image(), PngText.settings(image), file);
        return new Entry(file, image.image(), GenerationSettings.of(image));
    }

    /** The stored pictures, newest first; files that are not product PNGs are skipped. */
    List<Entry> load() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = new ArrayList<>(list.filter(p -> p.getFileName().toString().endsWith(".png")).toList());
        }
        files.sort(Comparator.comparing(Gallery::modified).reversed().thenComparing(Comparator.reverseOrder()));
        List<Entry> entries = new ArrayList<>();
        for (Path f : files) {
            read(f).ifPresent(entries::add);
        }
        return entries;
    }

    /** Whether an entry's prompt contains every word of the query (case ignored); a blank query keeps every entry. */
    static Predicate<Entry> matching(String query) {
        List<String> words = List.of(query.toLowerCase(Locale.ROOT).trim().split("\\s+"));
        return e -> words.stream().allMatch(e.settings().prompt().toLowerCase(Locale.ROOT)::contains);
    }

    /** A PNG made by the product (its pixels and the settings in its text chunks), or empty for any other file. */
    static Optional<Entry> read(Path file) throws IOException {
        Optional<GenerationSettings> settings = GenerationSettings.fromText(PngText.read(file));
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            return Optional.empty();
        }
        int[] rgb = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] &= 0xFFFFFF;
        }
        return Optional.of(new Entry(file, new RgbImage(img.getWidth(), img.getHeight(), rgb), settings.get()));
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
