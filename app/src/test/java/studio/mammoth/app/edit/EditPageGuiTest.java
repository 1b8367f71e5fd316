package studio.mammoth.app.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.mammoth.app.FxReads.text;
import static studio.mammoth.app.FxReads.waitFor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import studio.mammoth.app.events.EventBus;
import studio.mammoth.app.events.ImageHandOff;
import studio.mammoth.app.events.ShowWorkspace;
import studio.mammoth.app.imaging.PictureFiles;
import studio.mammoth.app.imaging.TinyModels;
import studio.mammoth.app.jobs.Job;
import studio.mammoth.app.jobs.JobRunner;
import studio.mammoth.app.jobs.JobState;
import studio.mammoth.app.shell.EngineMonitor;
import studio.mammoth.app.shell.ModelAssets;
import studio.mammoth.app.shell.PageContext;
import studio.mammoth.app.shell.ShortcutRegistry;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.engine.DjlEngine;
import studio.mammoth.model.world.PixelMask;

/**
 * The Edit workspace driven with the mouse and the keys (headless through Monocle): a picture arrives from Create,
 * strokes are painted and erased on the canvas, the edit runs on a tiny untrained unified model through the same
 * job and task the shipped weights use, the staged result is accepted, and undo / redo walk back and forth.
 */
@ExtendWith(ApplicationExtension.class)
class EditPageGuiTest {
    private static final String INSTRUCTION = "make the bag green";

    @TempDir
    Path dir;

    private final TinyModels models = new TinyModels();
    private EventBus bus;
    private JobRunner jobs;
    private EditPage page;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        bus = new EventBus();
        jobs = new JobRunner(bus, Platform::runLater);
        show(true);
    }

    private void show(boolean unified) {
        EngineMonitor engine = new EngineMonitor(bus, jobs, () -> new DjlEngine.Info("PyTorch", "test", 2, 1));
        ShortcutRegistry keys = new ShortcutRegistry();
        PageContext context = new PageContext(bus, jobs, keys, new ModelAssets(dir.resolve("models")), engine);
        page = new EditPage(context, models.source(dir.resolve("models"), unified));
        Scene scene = new Scene(new StackPane(page.node()), 1200, 800);
        keys.install(scene, () -> EditPage.ID);
        stage.setScene(scene);
        stage.show();
        page.shown();
    }

    @AfterEach
    void close() {
        jobs.close();
        models.close();
    }

    /** A light background with a red square in the middle: a "bag". */
    private static RgbImage picture() {
        RgbImage img = new RgbImage(64, 64);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.set(x, y, x >= 24 && x < 40 && y >= 24 && y < 40 ? 0xD02020 : 0xF0F0F0);
            }
        }
        return img;
    }

    private EditView view() {
        return page.view();
    }

    private int maskPixels() {
        return view().document().mask().toPixelMask().count();
    }

    /** Drags across the canvas between two picture coordinates (0..64). */
    private void stroke(FxRobot robot, double x0, double y0, double x1, double y1) {
        var surface = view().canvas().surface();
        double zoom = view().canvas().zoom().get();
        Point2D from = surface.localToScreen(x0 * zoom, y0 * zoom);
        Point2D to = surface.localToScreen(x1 * zoom, y1 * zoom);
        robot.moveTo(from).press(MouseButton.PRIMARY);
        for (int i = 1; i <= 8; i++) {
            robot.moveTo(new Point2D(from.getX() + (to.getX() - from.getX()) * i / 8, from.getY() + (to.getY() - from.getY()) * i / 8));
        }
        robot.release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void undo(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void redo(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z).release(KeyCode.Z, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void receive(FxRobot robot, RgbImage image) {
        robot.interact(() -> bus.publish(new ImageHandOff(EditPage.ID, image, null, "a photo of a red bag")));
    }

    @Test
    void strokesAndErasingAreLabelledStepsThatUndoAndRedo(FxRobot robot) {
        receive(robot, picture());
        assertTrue(text(robot, "#edit-stage").startsWith("Received “a photo of a red bag” from Create"), text(robot, "#edit-stage"));
        assertTrue(text(robot, "#edit-mask-status").startsWith("No mask painted: the model decides where to edit"));

        stroke(robot, 20, 32, 44, 32);
        int painted = maskPixels();
        assertTrue(painted > 100, "a stroke across the bag paints pixels: " + painted);
        assertTrue(text(robot, "#edit-mask-status").startsWith("Mask: " + painted + " of 4096 pixels"), text(robot, "#edit-mask-status"));
        assertEquals("Undo Brush stroke", view().history().undoLabelProperty().get());

        robot.press(KeyCode.E).release(KeyCode.E);
        assertTrue(robot.lookup("#edit-eraser").queryAs(javafx.scene.control.ToggleButton.class).isSelected(), "E picks the eraser");
        stroke(robot, 30, 32, 34, 32);
        int erased = maskPixels();
        assertTrue(erased < painted, erased + " after erasing, " + painted + " before");
        assertEquals("Undo Eraser stroke", view().history().undoLabelProperty().get());
        robot.press(KeyCode.B).release(KeyCode.B);
        assertTrue(robot.lookup("#edit-brush").queryAs(javafx.scene.control.ToggleButton.class).isSelected(), "B picks the brush");

        robot.clickOn("#edit-invert");
        assertEquals(4096 - erased, maskPixels(), 16);
        undo(robot);
        assertEquals(erased, maskPixels());
        undo(robot);
        assertEquals(painted, maskPixels());
        undo(robot);
        assertEquals(0, maskPixels());
        assertTrue(text(robot, "#edit-mask-status").startsWith("No mask painted"));
        redo(robot);
        assertEquals(painted, maskPixels());
        assertEquals("Redo Eraser stroke", view().history().redoLabelProperty().get());

        robot.clickOn("#edit-instruction").write("a bag");
        assertEquals("a bag", robot.lookup("#edit-instruction").queryAs(TextField.class).getText(), "typing b and e writes them");
        assertTrue(robot.lookup("#edit-brush").queryAs(javafx.scene.control.ToggleButton.class).isSelected());
    }

    @Test
    void applyStagesTheResultAcceptKeepsItAndUndoRedoWalkThroughIt(FxRobot robot) throws Exception {
        RgbImage source = picture();
        receive(robot, source);
        waitFor(30, () -> page.view() != null
                && !robot.lookup("#edit-apply").queryButton().isDisabled());
        stroke(robot, 26, 32, 38, 32);
        PixelMask mask = view().document().mask().toPixelMask();
        robot.clickOn("#edit-instruction").write(INSTRUCTION);
        robot.interact(() -> spinner(robot, "#edit-steps").getValueFactory().setValue(3));
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);

        waitFor(60, () -> view().runningProperty().get() == null
                && text(robot, "#edit-staged-caption").startsWith("Result of"));
        RgbImage result = view().canvas().staged().get();
        assertNotNull(result, text(robot, "#edit-stage"));
        assertEquals("Result of “" + INSTRUCTION + "”", text(robot, "#edit-staged-caption"));
        assertTrue(robot.lookup("#edit-staging").query().isVisible());
        assertTrue(robot.lookup("#edit-apply").queryButton().isDisabled(), "one staged result at a time");
        for (int i = 0; i < 64 * 64; i++) {
            if (!mask.contains(i)) {
                assertEquals(source.pixels()[i], result.pixels()[i], "pixel " + i + " lies outside the painted mask and must not change");
            }
        }
        robot.interact(() -> robot.lookup("#edit-split").queryAs(Slider.class).setValue(0.25));
        assertEquals(0.25, view().canvas().split().get(), 1e-9, "the slider moves the before/after split");

        robot.clickOn("#edit-accept");
        assertNull(view().canvas().staged().get());
        assertSame(result, view().document().picture().get(), "the result is the picture now");
        assertEquals("Undo Edit “" + INSTRUCTION + "”", view().history().undoLabelProperty().get());

        undo(robot);
        assertSame(source, view().document().picture().get(), "undo brings the source back");
        assertEquals(mask, view().document().mask().toPixelMask(), "the stroke is still there");
        redo(robot);
        assertSame(result, view().document().picture().get(), "redo applies the edit again");

        // edits chain: the next Apply starts from the accepted result
        robot.clickOn("#edit-apply");
        waitFor(60, () -> view().runningProperty().get() == null
                && view().canvas().staged().get() != null && text(robot, "#edit-staged-caption").startsWith("Result of"));
        RgbImage second = view().canvas().staged().get();
        for (int i = 0; i < 64 * 64; i++) {
            if (!mask.contains(i)) {
                assertEquals(result.pixels()[i], second.pixels()[i], "the second edit keeps the first result outside the mask");
            }
        }
        // a staged result belongs to its source: undoing the accepted edit underneath it drops it
        robot.clickOn("#edit-instruction");
        undo(robot); // Ctrl+Z in the instruction field belongs to the field
        assertSame(result, view().document().picture().get());
        robot.interact(() -> view().history().undo());
        assertSame(source, view().document().picture().get());
        assertNull(view().canvas().staged().get(), "the result made from the undone picture is dropped");
        assertTrue(text(robot, "#edit-stage").startsWith("The picture changed"), text(robot, "#edit-stage"));
        robot.interact(() -> view().history().redo());

        List<Object> handOffs = new ArrayList<>();
        bus.subscribe(ImageHandOff.class, handOffs::add);
        bus.subscribe(ShowWorkspace.class, handOffs::add);
        robot.clickOn("#edit-ask-about");
        assertEquals("ask", ((ImageHandOff) handOffs.get(0)).targetWorkspace());
        assertSame(result, ((ImageHandOff) handOffs.get(0)).image());
        assertEquals(new ShowWorkspace("ask"), handOffs.get(1));

        Path saved = dir.resolve("saved.png");
        robot.interact(() -> assertTrue(view().save(saved)));
        assertEquals(result, PictureFiles.readPicture(saved).image(), "save writes the accepted picture");
    }

    @Test
    void escCancelsARunningEditAndDiscardDropsAResult(FxRobot robot) throws Exception {
        receive(robot, picture());
        waitFor(30, () -> !robot.lookup("#edit-apply").queryButton().isDisabled());
        robot.clickOn("#edit-instruction").write(INSTRUCTION);
        robot.interact(() -> spinner(robot, "#edit-steps").getValueFactory().setValue(200));
        robot.clickOn("#edit-apply");
        waitFor(30, () -> {
            String s = text(robot, "#edit-stage");
            return s.startsWith("Planning") || s.startsWith("Rendering");
        });
        Job<RgbImage> job = view().runningProperty().get();
        assertEquals(JobState.RUNNING, job.state());
        assertFalse(robot.lookup("#edit-cancel").queryButton().isDisabled());
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitFor(10, () -> job.state().isFinished());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(JobState.CANCELLED, job.state());
        assertEquals("Cancelled.", text(robot, "#edit-stage"));
        assertNull(view().canvas().staged().get(), "nothing is staged after a cancel");
        assertFalse(robot.lookup("#edit-apply").queryButton().isDisabled(), "Apply is back");

        RgbImage before = view().document().picture().get();
        robot.interact(() -> spinner(robot, "#edit-steps").getValueFactory().setValue(2));
        robot.clickOn("#edit-apply");
        waitFor(60, () -> view().runningProperty().get() == null
                && view().canvas().staged().get() != null && text(robot, "#edit-staged-caption").startsWith("Result of"));
        robot.clickOn("#edit-discard");
        assertNull(view().canvas().staged().get());
        assertSame(before, view().document().picture().get(), "discard keeps the picture as it was");
        assertFalse(view().history().canUndo(), "a discarded result is no step in the history");
    }

    @Test
    void aTextToImageOnlyModelLeavesApplyOffAndSaysWhatTrainsEditing(FxRobot robot) throws Exception {
        robot.interact(() -> show(false));
        waitFor(30, () -> page.view() != null
                && text(robot, "#edit-model-status").contains("text-to-image weights only"));
        receive(robot, picture());
        assertTrue(text(robot, "#edit-model-status").contains("./mammoth train generator --tasks all"), text(robot, "#edit-model-status"));
        assertTrue(robot.lookup("#edit-apply").queryButton().isDisabled());
        stroke(robot, 10, 10, 20, 20);
        assertTrue(maskPixels() > 0, "painting works without an editing model");
    }

    @SuppressWarnings("unchecked")
    private static <T> Spinner<T> spinner(FxRobot robot, String query) {
        return (Spinner<T>) robot.lookup(query).queryAs(Spinner.class);
    }
}
