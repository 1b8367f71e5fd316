package studio.mammoth.tinyformer.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.compile.BlobCompiler;
import studio.mammoth.tinyformer.compile.BlobFormatException;
import studio.mammoth.tinyformer.data.FashionMnistData;
import studio.mammoth.tinyformer.ir.FloatModel;
import studio.mammoth.tinyformer.ir.Shape;
import studio.mammoth.tinyformer.quant.QuantParams;
import studio.mammoth.tinyformer.quant.Quantizer;
import studio.mammoth.tinyformer.reference.RandomModels;
import studio.mammoth.tinyformer.reference.ReferenceInterpreter;

/**
 * Deploy and evaluate on the emulated board: a seeded random hybrid model (every operator, sparse layers at
 * every block size) compiled by the project's compiler, 100 Fashion-MNIST test images, board logits equal
 * to the reference interpreter's byte for byte; and the reliability cases of the issue.
 */
class EmulatedDeployTest {
    private static final int SIDE = 28;

    private static byte[] model(long seed, double sparsity) {
        FloatModel fm = RandomModels.hybrid(seed, SIDE, sparsity);
        return BlobCompiler.compile(Quantizer.quantize(fm, RandomModels.pictures(seed, new Shape(SIDE, SIDE, 1), 8))).blob();
    }

    /** The shipped searched model when the checkout has one, else a random hybrid of the same operators. */
    private static byte[] evaluatedModel() throws IOException {
        Path shipped = Path.of("..", "assets", "models", "tinyformer", "tinyformer.blob");
        return Files.isRegularFile(shipped) ? Files.readAllBytes(shipped) : model(11, 0.8);
    }

    /** The Studio's jobs share an emulated board's client (an info read beside a flash): exchanges must not cross. */
    @Test
    void twoThreadsSharingOneClientEachGetTheirOwnReplies(@TempDir Path state) throws Exception {
        try (EmulatedBoard board = EmulatedBoard.start(state)) {
            BoardClient client = board.client();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            Thread a = new Thread(fortyTimes(() -> assertFalse(client.info().hasModel()), failures));
            Thread b = new Thread(fortyTimes(() -> client.ping(2_000), failures));
            a.start();
            b.start();
            a.join();
            b.join();
            assertTrue(failures.isEmpty(), () -> "crossed exchanges: " + failures);
        }
    }

    /** Runs the exchange forty times, collecting what it throws. */
    private static Runnable fortyTimes(Executable exchange, List<Throwable> failures) {
        return () -> {
            try {
                for (int i = 0; i < 40; i++) {
                    exchange.execute();
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        };
    }

    @Test
    void deploysAndEvaluates100ImagesBitExactly(@TempDir Path state) throws Exception {
        byte[] blob = evaluatedModel();
        Shape input = ReferenceInterpreter.of(blob).model().shape(ReferenceInterpreter.of(blob).model().input());
        FashionMnistData.Images test = FashionMnistData.load(input.h()).test();
        List<byte[]> inputs = new ArrayList<>();
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            inputs.add(QuantParams.inputOf(test.pixels(), i * test.pixelsPerImage(), test.pixelsPerImage()));
            labels[i] = test.labels()[i];
        }
        try (EmulatedBoard board = EmulatedBoard.start(state)) {
            BoardEvalTask.Result r = new BoardEvalTask(board.client(), blob, "random-hybrid", inputs, labels, 2)
                    .run(TaskContext.unobserved());
            assertEquals(100, r.total());
            assertEquals(100, r.agree(), "every logit vector equals the reference interpreter's");
            assertEquals(2, r.denseAgree(), "so do the dense variant's");
            assertEquals(r.referenceCorrect(), r.correct());
            assertEquals("emulated-instructions", r.unit());
            assertTrue(r.meanUnits() > 0);
            assertTrue(r.sparseSpeedup() > 1, "the sparse model needs fewer instructions than its dense variant");
            assertEquals(ReferenceInterpreter.of(blob).model().layers().size(), r.profile().size());
            long layerSum = r.profile().stream().mapToLong(BoardClient.LayerCost::units).sum();
            assertTrue(layerSum <= r.meanUnits() * 1.5 && layerSum > 0);
            assertEquals(r.profile().size(), r.denseProfile().size(), "the dense variant has the same layers");
            for (int i = 0; i < r.profile().size(); i++) {
                BoardClient.LayerCost sparse = r.profile().get(i), dense = r.denseProfile().get(i);
                assertEquals(sparse.op(), dense.op());
                assertFalse(dense.sparse(), "the dense variant runs dense kernels: " + dense);
            }
        }
    }

    @Test
    void killingTheEmulatorMidFlashKeepsThePreviousModel(@TempDir Path state) throws Exception {
        byte[] first = model(21, 0.5);
        byte[] second = model(22, 0.0);
        byte[] input = RandomModels.int8Input(RandomModels.pictures(5, new Shape(SIDE, SIDE, 1), 1).get(0));
        byte[] expected = ReferenceInterpreter.of(first).run(input);
        try (EmulatedBoard board = EmulatedBoard.start(state)) {
            new DeployTask(board.client(), first, "first").run(TaskContext.unobserved());
            TaskContext killHalfway = new TaskContext(new studio.mammoth.common.task.CancelToken(), p -> {
                if (p.stage().equals("flashing") && p.fraction() > 0.4 && board.isAlive()) {
                    board.kill();
                }
            });
            assertTrue(second.length > 4 * Protocol.LOAD_CHUNK_MAX, "the second model takes several chunks");
            assertThrows(BoardException.class, () -> new DeployTask(board.client(), second, "second").run(killHalfway));
            assertFalse(board.isAlive());
        }
        try (EmulatedBoard restarted = EmulatedBoard.start(state)) {
            BoardInfo info = restarted.client().info();
            assertTrue(info.hasModel(), "the board restarts with a model");
            assertEquals(DeployTask.crc(first), info.activeCrc(), "and it is the previous one");
            assertArrayEquals(expected, restarted.client().infer(input, 60_000).output());
            // The interrupted upload starts over and completes.
            DeployTask.Result r = new DeployTask(restarted.client(), second, "second").run(TaskContext.unobserved());
            assertEquals(DeployTask.crc(second), r.board().activeCrc());
            assertArrayEquals(ReferenceInterpreter.of(second).run(input), restarted.client().infer(input, 60_000).output());
        }
    }

    @Test
    void aCorruptStoreFallsBackToTheOtherSlot(@TempDir Path state) throws Exception {
        byte[] first = model(31, 0.5);
        byte[] second = model(32, 0.5);
        long slotCapacity;
        try (EmulatedBoard board = EmulatedBoard.start(state)) {
            slotCapacity = board.client().info().slotCapacity();
            new DeployTask(board.client(), first, "first").run(TaskContext.unobserved());
            DeployTask.Result r = new DeployTask(board.client(), second, "second").run(TaskContext.unobserved());
            assertEquals(DeployTask.crc(second), r.board().activeCrc());
            assertEquals(1, r.slot());
        }
        // Flip a byte inside the active (second) model in the store file, as a flash bit error would.
        Path store = state.resolve(EmulatedBoard.STORE_FILE);
        byte[] bytes = Files.readAllBytes(store);
        int secondSlotByte = (int) (4096 + slotCapacity + 100);
        assertTrue(secondSlotByte < bytes.length);
        bytes[secondSlotByte] ^= 0x5A;
        Files.write(store, bytes);
        try (EmulatedBoard board = EmulatedBoard.start(state)) {
            assertEquals(DeployTask.crc(first), board.client().info().activeCrc(), "the intact older model is used");
        }
    }

    @Test
    void rejectsWhatDoesNotFitWithAClearError(@TempDir Path state) throws BoardException, BlobFormatException, IOException {
        try (EmulatedBoard board = EmulatedBoard.start(state)) {
            byte[] blob = model(41, 0.5);
            java.nio.ByteBuffer.wrap(blob, 36, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(1 << 20);
            BoardException e = assertThrows(BoardException.class, () -> new DeployTask(board.client(), blob, "huge").run(TaskContext.unobserved()));
            assertEquals(BoardException.Kind.OUT_OF_SPACE, e.kind());
            assertTrue(e.getMessage().contains("activation SRAM"), e.getMessage());
        }
    }
}
