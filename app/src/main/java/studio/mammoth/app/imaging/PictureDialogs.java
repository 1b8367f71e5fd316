package studio.mammoth.app.imaging;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javafx.scene.Node;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.stage.FileChooser;

/** How a workspace takes a picture from the user: the open dialog and a file dropped onto it. */
public final class PictureDialogs {
    private PictureDialogs() {
    }

    /** The open dialog for the picture formats {@link PictureFiles} reads. */
    public static Optional<Path> choosePicture(Node owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open picture");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Pictures", "*.png", "*.jpg", "*.jpeg", "*.gif", "*.bmp"));
        File file = chooser.showOpenDialog(owner.getScene() == null ? null : owner.getScene().getWindow());
        return Optional.ofNullable(file).map(File::toPath);
    }

    /** Files dropped onto {@code target} go to {@code open} (the first one); it says whether it took the picture. */
    public static void acceptDrops(Node target, Predicate<Path> open) {
        target.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        target.setOnDragDropped((DragEvent e) -> {
            List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            e.setDropCompleted(!files.isEmpty() && open.test(files.get(0).toPath()));
            e.consume();
        });
    }
}
