package studio.mammoth.app.studio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.scene.Cursor;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;
import javafx.scene.shape.Polyline;
import studio.mammoth.tinyformer.nas.SearchEvent;

/**
 * The live search scatter: validation accuracy against effective MACs (pruned blocks skipped), one series per
 * sparsity bucket, and the Pareto front (higher accuracy at fewer MACs) as its own series joined by a line.
 */
final class CandidateChart extends ScatterChart<Number, Number> {
    /** Lower bounds of the sparsity buckets; a candidate falls in the last bucket whose bound it reaches. */
    static final double[] BUCKETS = {0.0, 0.75, 0.85, 0.9};
    private static final String[] BUCKET_NAMES = {"sparsity < 75%", "75–85%", "85–90%", "≥ 90%"};

    private final List<XYChart.Series<Number, Number>> buckets = new ArrayList<>();
    private final XYChart.Series<Number, Number> front = new XYChart.Series<>();
    private final Polyline frontLine = new Polyline();
    private final List<CandidatePoint> points = new ArrayList<>();
    private final Map<XYChart.Data<Number, Number>, CandidatePoint> byData = new IdentityHashMap<>();
    private Consumer<CandidatePoint> onSelect = p -> { };

    CandidateChart() {
        super(axis("executed MMACs (pruned blocks skipped)"), axis("validation accuracy (%)"));
        setId("search-scatter");
        setTitle("Candidates");
        setAnimated(false);
        ((NumberAxis) getYAxis()).setForceZeroInRange(false);
        for (String name : BUCKET_NAMES) {
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(name);
            buckets.add(s);
        }
        front.setName("Pareto front");
        List<XYChart.Series<Number, Number>> all = new ArrayList<>(buckets);
        all.add(front);
        setData(FXCollections.observableArrayList(all));
        frontLine.setStyle("-fx-stroke: #d62728; -fx-stroke-width: 2; -fx-fill: transparent;");
        frontLine.setMouseTransparent(true);
        getPlotChildren().add(frontLine);
    }

    private static NumberAxis axis(String label) {
        NumberAxis a = new NumberAxis();
        a.setLabel(label);
        a.setForceZeroInRange(false);
        return a;
    }

    void onSelect(Consumer<CandidatePoint> handler) {
        this.onSelect = handler;
    }

    void clear() {
        points.clear();
        byData.clear();
        buckets.forEach(s -> s.getData().clear());
        front.getData().clear();
        frontLine.getPoints().clear();
    }

    /** Adds a scored candidate and recomputes the front. */
    void add(CandidatePoint p) {
        points.add(p);
        XYChart.Data<Number, Number> d = data(p);
        XYChart.Series<Number, Number> series = buckets.get(bucket(p.event().sparsity()));
        series.getData().add(d);
        updateFront();
        if (series.getData().size() == 1) {
            // a scatter legend copies its symbol from a series' first point, so an empty series' entry has none; the
            // front gets its first point together with the first series that does
            updateLegend();
        }
    }

    int pointCount() {
        return points.size();
    }

    List<CandidatePoint> pareto() {
        List<CandidatePoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingLong((CandidatePoint p) -> p.event().effectiveMacs())
                .thenComparing(Comparator.comparingDouble((CandidatePoint p) -> p.event().accuracy()).reversed()));
        List<CandidatePoint> out = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (CandidatePoint p : sorted) {
            if (p.event().accuracy() > best) {
                out.add(p);
                best = p.event().accuracy();
            }
        }
        return out;
    }

    static int bucket(double sparsity) {
        int b = 0;
        for (int i = 0; i < BUCKETS.length; i++) {
            if (sparsity >= BUCKETS[i]) {
                b = i;
            }
        }
        return b;
    }

    private XYChart.Data<Number, Number> data(CandidatePoint p) {
        SearchEvent e = p.event();
        XYChart.Data<Number, Number> d = new XYChart.Data<>(e.effectiveMacs() / 1e6, 100 * e.accuracy());
        byData.put(d, p);
        d.nodeProperty().addListener((obs, old, node) -> {
            if (node != null) {
                node.setCursor(Cursor.HAND);
                Tooltip.install(node, new Tooltip(String.format("#%d gen %d: %.2f%% at %.2f MMAC (dense %.2f), sparsity %.0f%%, "
                                + "flash %.0f KB, SRAM %.0f KB%n%s", e.index(), e.generation(), 100 * e.accuracy(), e.effectiveMacs() / 1e6,
                        e.macs() / 1e6, 100 * e.sparsity(), e.flashKb(), e.sramKb(), e.description())));
                node.setOnMouseClicked(ev -> onSelect.accept(byData.get(d)));
            }
        });
        return d;
    }

    private void updateFront() {
        front.getData().forEach(byData::remove);
        front.getData().clear();
        for (CandidatePoint p : pareto()) {
            front.getData().add(data(p));
        }
        requestChartLayout();
    }

    @Override
    protected void layoutPlotChildren() {
        super.layoutPlotChildren();
        frontLine.getPoints().clear();
        for (XYChart.Data<Number, Number> d : front.getData()) {
            frontLine.getPoints().addAll(getXAxis().getDisplayPosition(d.getXValue()), getYAxis().getDisplayPosition(d.getYValue()));
        }
        frontLine.toBack();
    }
}
