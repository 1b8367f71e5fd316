package studio.mammoth.app.studio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import studio.mammoth.tinyformer.compile.CompiledModel;
import studio.mammoth.tinyformer.compile.Cost;
import studio.mammoth.tinyformer.compile.CostModel;

/**
 * One candidate in detail, from the blob the compiler emits for its genome: the layer table, per-layer sparsity bars,
 * and flash / SRAM bars split into weights, activations and runtime against the search's limits.
 */
final class CandidateDetails extends VBox {
    private final Label heading = new Label("Click a point of the scatter to see the candidate's layers and memory.");
    private final TableView<CompiledModel.LayerFootprint> layers = new TableView<>();
    private final LayerBars sparsity = new LayerBars("candidate-sparsity", "#9467bd");
    private final MemoryBar flash = new MemoryBar("candidate-flash", "Flash");
    private final MemoryBar sram = new MemoryBar("candidate-sram", "SRAM");

    CandidateDetails() {
        setId("candidate-details");
        setSpacing(8);
        setPadding(new Insets(8));
        heading.setWrapText(true);
        heading.setId("candidate-heading");
        layers.setId("candidate-layers");
        layers.setPrefHeight(220);
        layers.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        layers.getColumns().addAll(List.of(
                column("layer", l -> l.name()),
                column("op", l -> l.op().toString()),
                column("output", l -> l.outputShape().toString()),
                column("format", l -> l.weights() == 0 ? "-" : l.blockSize() == 0 ? "dense" : "B=" + l.blockSize()),
                column("bytes", l -> Integer.toString(l.weightBytes() + l.paramBytes())),
                column("MACs", l -> Long.toString(l.denseMacs())),
                column("executed", l -> Long.toString(l.effectiveMacs()))));
        Label bars = new Label("Pruned weights per layer");
        bars.getStyleClass().add("text-bold");
        getChildren().addAll(heading, flash, sram, layers, bars, sparsity);
    }

    private static TableColumn<CompiledModel.LayerFootprint, String> column(String name,
            java.util.function.Function<CompiledModel.LayerFootprint, String> value) {
        TableColumn<CompiledModel.LayerFootprint, String> c = new TableColumn<>(name);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        return c;
    }

    /** Shows a candidate compiled by the compiler (on the FX thread). */
    void show(CandidatePoint point, CompiledModel compiled, SearchRequest limits) {
        var e = point.event();
        heading.setText(String.format(Locale.ROOT, "Candidate #%d (generation %d): %.2f%% validation accuracy, %.2f MMAC dense, "
                        + "%.2f executed, %.0f%% of weights pruned%n%s", e.index(), e.generation(), 100 * e.accuracy(), e.macs() / 1e6,
                e.effectiveMacs() / 1e6, 100 * e.sparsity(), e.description()));
        Cost cost = CostModel.current().cost(compiled);
        flash.show(limits.flashKb() * 1024L, List.of(new MemoryBar.Part(MemoryBar.Kind.WEIGHTS, cost.blobBytes()),
                new MemoryBar.Part(MemoryBar.Kind.CODE, cost.runtime().flashBytes())));
        sram.show(limits.sramKb() * 1024L, List.of(new MemoryBar.Part(MemoryBar.Kind.ACTIVATIONS, cost.arenaBytes()),
                new MemoryBar.Part(MemoryBar.Kind.CODE, cost.runtime().staticRamBytes())));
        layers.setItems(FXCollections.observableArrayList(compiled.layers()));
        List<LayerBars.Row> rows = new ArrayList<>();
        for (CompiledModel.LayerFootprint l : compiled.layers()) {
            if (l.weights() > 0) {
                double pruned = 1 - (double) l.storedWeights() / l.weights();
                rows.add(new LayerBars.Row(l.name(), pruned, String.format(Locale.ROOT, "%.0f%%%s", 100 * pruned,
                        l.blockSize() == 0 ? " (dense)" : " (B=" + l.blockSize() + ")")));
            }
        }
        sparsity.show(rows);
    }

    void showRejected(String why) {
        heading.setText(why);
    }
}
